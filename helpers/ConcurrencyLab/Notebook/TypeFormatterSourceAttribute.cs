namespace ConcurrencyLab;

/// <summary>
/// Tells .NET Interactive how to display a type (a chart drawn inline instead of a property table).
/// </summary>
/// <remarks>
/// Why our own attribute and not a dependency on Microsoft.DotNet.Interactive.Formatting: the kernel loads its
/// own copy of that package, and the runner another version; a library that shipped or referenced one could
/// clash with either. Instead the kernel's Formatter recognises, by convention, any attribute whose class is
/// named <c>TypeFormatterSourceAttribute</c> with a public <c>FormatterSourceType</c> property (and optional
/// <c>PreferredMimeTypes</c>). It creates that source type, calls its public <c>CreateTypeFormatters()</c>,
/// and uses every returned object that has a public <c>string MimeType</c> property and a public
/// <c>bool Format(object, TextWriter)</c> method. This convention has been in the package since 2022
/// (present in 1.0.0-beta.23562.1 used by our runner and in the final kernel), so the same DLL renders
/// charts everywhere with no package reference at all. Internal: notebooks never need to name it.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The class whose <c>CreateTypeFormatters()</c> returns the formatters (read by name by the kernel).</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>Charts prefer HTML; plain text stays available for terminals and logs.</summary>
    public string[] PreferredMimeTypes { get; set; } = ["text/html"];
}
