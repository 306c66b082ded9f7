using Spectre.Console;

namespace Patron.Cli.Commands;

/// <summary>Shows a spinner with the current step while long work runs (on stderr-free terminals only; quiet for --json).</summary>
internal static class Progress
{
    public static T Run<T>(bool quiet, string title, Func<IProgress<string>, T> work)
    {
        if (quiet || Console.IsOutputRedirected)
        {
            return work(quiet ? new SilentProgress() : new ImmediateProgress(step => Console.Error.WriteLine($"{title}: {step}")));
        }

        T result = default!;
        AnsiConsole.Status().Start(title, context =>
        {
            result = work(new ImmediateProgress(step =>
            {
                context.Status($"{title}: {step}");
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(step)}[/]");
            }));
        });
        return result;
    }

    private sealed class SilentProgress : IProgress<string>
    {
        public void Report(string value)
        {
        }
    }

    /// <summary>Reports on the calling thread (System.Progress posts to the thread pool, which would reorder lines).</summary>
    internal sealed class ImmediateProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
