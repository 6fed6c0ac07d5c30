using SolutionWriter;

return SolutionWriterCommand.Run(args, Environment.CurrentDirectory, Console.Out, Console.Error);
