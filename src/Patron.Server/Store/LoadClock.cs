using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Patron.Server.Store;

/// <summary>Times the phases of a run load (read profiles.bin, build the id index, load the models, ...) so the log
/// says where a slow start goes: one line at Information when the run is served.</summary>
/// <remarks>Not thread-safe; one per load.</remarks>
internal sealed class LoadClock
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly List<(string Phase, double Seconds)> _phases = [];
    private long _lap;

    /// <summary>Seconds since the load began.</summary>
    public double Seconds => _total.Elapsed.TotalSeconds;

    /// <summary>Closes the phase that ran since the previous lap.</summary>
    public void Lap(string phase)
    {
        var now = _total.ElapsedTicks;
        _phases.Add((phase, (now - _lap) / (double)Stopwatch.Frequency));
        _lap = now;
    }

    /// <summary>Adds a remark (no time) to the phases, such as why a file was read rather than mapped.</summary>
    public void Note(string text) => _phases.Add((text, double.NaN));

    /// <summary>The phases as <c>name 0.12 s, ...</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (phase, seconds) in _phases)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            if (double.IsNaN(seconds))
            {
                text.Append(phase);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{phase} {seconds:0.000} s");
            }
        }

        return text.ToString();
    }
}
