var code = await NotebookRunner.Cli.CommandLine.RunAsync(args, Console.Out, Console.Error);
// Exit explicitly: a timed-out cell may still be spinning on a background thread.
Console.Out.Flush();
Environment.Exit(code);
