using System.Diagnostics;

namespace Patron.Server.Live;

/// <summary>Times the steps of a commit from the ingest's progress reports: each report closes the step the previous
/// one opened (a step is named by its report up to a colon or a digit, so "reading orders.csv" and "reading
/// order_lines.csv" stay apart while row counts do not split a step).</summary>
/// <remarks>Not thread-safe: the ingest reports from the thread that runs it.</remarks>
internal sealed class StepClock : IProgress<string>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, double> _steps = new(StringComparer.Ordinal);
    private string _current = "start";
    private double _since;

    /// <summary>Milliseconds per step so far.</summary>
    public IReadOnlyDictionary<string, double> Steps => _steps;

    /// <summary>Hears each report as it comes, before the clock takes it.</summary>
    public Action<string>? Heard { get; init; }

    public void Report(string value)
    {
        Heard?.Invoke(value);
        Close();
        var end = value.AsSpan().IndexOfAny(':', '(');
        _current = (end < 0 ? value : value[..end]).Trim();
    }

    /// <summary>Closes the running step under <paramref name="next"/>'s name for what follows.</summary>
    public void Close(string? next = null)
    {
        var now = _clock.Elapsed.TotalMilliseconds;
        _steps[_current] = _steps.GetValueOrDefault(_current) + (now - _since);
        _since = now;
        if (next is not null)
        {
            _current = next;
        }
    }
}
