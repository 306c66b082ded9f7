namespace Patron.Pipeline.Stages;

/// <summary>Forwards a step's messages with a prefix that says which part of a stage they belong to (a cutoff, say), so
/// the stage's log times every step of every part.</summary>
internal sealed class PrefixedProgress(IProgress<string> target, string prefix) : IProgress<string>
{
    public void Report(string value) => target.Report(prefix + value);
}
