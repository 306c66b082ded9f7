using System.CommandLine;
using Patron.Cli.Commands;
using Spectre.Console;

namespace Patron.Cli;

/// <summary>Builds the <c>patron</c> command tree and runs it, turning failures into one readable line and an exit code.</summary>
internal static class PatronCommandLine
{
    /// <summary>Exit code for a failure the user can act on (bad input, missing file, failed check).</summary>
    public const int FailureExitCode = 1;

    public static RootCommand Build()
    {
        var root = new RootCommand("Patron: customer intelligence for e-commerce: warehouse, features, models, lifetime value and reports.");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static int Run(string[] args)
    {
        try
        {
            var parse = Build().Parse(args);
            if (parse.Errors.Count > 0 && args.Length > 0)
            {
                // Bad options are refused here, before any command starts work, in the same words as other failures.
                foreach (var parseError in parse.Errors)
                {
                    Console.Error.WriteLine($"error: {UserErrors.DescribeParseError(parseError.Message)}");
                }

                Console.Error.WriteLine($"See 'patron {(parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ")}--help'.");
                return FailureExitCode;
            }

            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            AnsiConsole.Console.Profile.Out.Writer.Flush();
            Console.Error.WriteLine($"error: {UserErrors.Describe(ex)}");
            if (Environment.GetEnvironmentVariable("PATRON_DEBUG") == "1")
            {
                Console.Error.WriteLine(ex);
            }

            return FailureExitCode;
        }
    }
}
