using System.Globalization;
using System.Text;

namespace Patron.Server.Live;

/// <summary>What the live worker did over the last few seconds, for its log: groups committed and requests in them, the
/// commit time (mean and max, and its mean per step), the updates (customers recomputed, mean and max time) and how
/// long committed events waited to be visible, and how many groups silver resolved incrementally.</summary>
/// <remarks>Thread-safe: the commit loop and the update loop both report into it.</remarks>
internal sealed class LiveWindow(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _steps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _featureSteps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _fastSteps = new(StringComparer.Ordinal);
    private DateTimeOffset _start = time.GetUtcNow();
    private int _groups;
    private int _requests;
    private int _appended;
    private int _full;
    private double _commitSum;
    private double _commitMax;
    private int _updates;
    private int _customers;
    private double _updateSum;
    private double _updateMax;
    private double _featureSum;
    private double _lagMax;
    private int _fastRounds;
    private int _fastApplied;
    private int _fastWaited;
    private double _fastSum;
    private double _fastMax;

    /// <summary>A group committed in <paramref name="commitMs"/>, with its steps' times (<see cref="StepClock"/>).</summary>
    public void Committed(int requests, double commitMs, IReadOnlyDictionary<string, double>? steps = null)
    {
        lock (_gate)
        {
            _groups++;
            _requests += requests;
            _commitSum += commitMs;
            _commitMax = Math.Max(_commitMax, commitMs);
            if (steps is not null)
            {
                foreach (var (step, ms) in steps)
                {
                    _steps[step] = _steps.GetValueOrDefault(step) + ms;
                }
            }
        }
    }

    /// <summary>An update of <paramref name="customers"/> profiles that took <paramref name="updateMs"/>, the oldest of
    /// whose commits had waited <paramref name="lagMs"/> before it was visible.</summary>
    public void Updated(int customers, double updateMs, double lagMs)
    {
        lock (_gate)
        {
            _updates++;
            _customers += customers;
            _updateSum += updateMs;
            _updateMax = Math.Max(_updateMax, updateMs);
            _lagMax = Math.Max(_lagMax, lagMs);
        }
    }

    /// <summary>Of an update's time, what reading the customers' rows and computing their features took, by step.</summary>
    public void Features(double ms, IReadOnlyDictionary<string, double> steps)
    {
        lock (_gate)
        {
            _featureSum += ms;
            foreach (var (step, stepMs) in steps)
            {
                _featureSteps[step] = _featureSteps.GetValueOrDefault(step) + stepMs;
            }
        }
    }

    /// <summary>A round of the fast path: <paramref name="applied"/> orders applied from the journal, <paramref name="waited"/>
    /// left to the warehouse, in <paramref name="ms"/> (checks, rows, features, scores and publishing), with its steps'
    /// times (<see cref="StepClock"/>).</summary>
    public void Fast(int applied, int waited, double ms, IReadOnlyDictionary<string, double>? steps = null)
    {
        lock (_gate)
        {
            if (steps is not null)
            {
                foreach (var (step, stepMs) in steps)
                {
                    _fastSteps[step] = _fastSteps.GetValueOrDefault(step) + stepMs;
                }
            }

            _fastRounds++;
            _fastApplied += applied;
            _fastWaited += waited;
            _fastSum += ms;
            _fastMax = Math.Max(_fastMax, ms);
        }
    }

    public void Resolved(bool appended)
    {
        lock (_gate)
        {
            if (appended)
            {
                _appended++;
            }
            else
            {
                _full++;
            }
        }
    }

    /// <summary>The summary of the window and a new window, once <paramref name="length"/> has passed; else null.</summary>
    public string? Due(TimeSpan length)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _start < length || (_groups == 0 && _updates == 0 && _fastRounds == 0))
            {
                return null;
            }

            var summary = new StringBuilder();
            var groups = Math.Max(1, _groups);
            var updates = Math.Max(1, _updates);
            summary.Append(CultureInfo.InvariantCulture,
                $"{_requests} requests in {_groups} groups over {(now - _start).TotalSeconds:0.0} s; commit mean {_commitSum / groups:0.0} ms, max {_commitMax:0.0} ms");
            AppendStepMeans(summary, _steps, groups);

            summary.Append(CultureInfo.InvariantCulture,
                $"; {_customers} customers in {_updates} updates, mean {_updateSum / updates:0.0} ms (features {_featureSum / updates:0.0} ms), max {_updateMax:0.0} ms");
            AppendStepMeans(summary, _featureSteps, updates);

            summary.Append(CultureInfo.InvariantCulture, $"; longest commit-to-visible {_lagMax:0.0} ms; silver appended {_appended}, resolved in full {_full}");
            if (_fastRounds > 0)
            {
                summary.Append(CultureInfo.InvariantCulture,
                    $"; fast path {_fastApplied} orders applied, {_fastWaited} left to the warehouse, in {_fastRounds} rounds, mean {_fastSum / _fastRounds:0.0} ms, max {_fastMax:0.0} ms");
                AppendStepMeans(summary, _fastSteps, _fastRounds);
            }

            _start = now;
            _fastRounds = _fastApplied = _fastWaited = 0;
            _fastSum = _fastMax = 0;
            _groups = _requests = _appended = _full = _updates = _customers = 0;
            _commitSum = _commitMax = _updateSum = _updateMax = _featureSum = _lagMax = 0;
            _steps.Clear();
            _featureSteps.Clear();
            _fastSteps.Clear();
            return summary.ToString();
        }
    }

    // " (mean per step: a 1.2 b 3.4)", each step's summed milliseconds over the count; nothing when no step was timed.
    private static void AppendStepMeans(StringBuilder summary, Dictionary<string, double> steps, int count)
    {
        if (steps.Count == 0)
        {
            return;
        }

        summary.Append(" (mean per step:");
        foreach (var (step, ms) in steps)
        {
            summary.Append(CultureInfo.InvariantCulture, $" {step} {ms / count:0.0}");
        }

        summary.Append(')');
    }
}
