using Patron.Cli;

return PatronCommandLine.Run(args);
