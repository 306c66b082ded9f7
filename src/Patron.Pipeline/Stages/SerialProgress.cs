namespace Patron.Pipeline.Stages;

/// <summary>Reports one line at a time when two threads of a stage report at once, so a consumer that writes to the
/// console (or keeps the order of lines) never sees two calls overlap.</summary>
internal sealed class SerialProgress(IProgress<string> target) : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            target.Report(value);
        }
    }
}
