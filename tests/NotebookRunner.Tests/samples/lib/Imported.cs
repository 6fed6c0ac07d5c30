// Imported with #!import by directives.ipynb: submitted as C# script code.
int Triple(int x) => x * 3;
var importedFromCs = Triple(7);
