using System.Globalization;

namespace Patron.Server.Live;

/// <summary>What the live worker did over the last few seconds, for its log: groups committed, requests in them, the
/// commit and update times (mean and max) and how many groups silver resolved incrementally. Not thread-safe: the
/// worker alone uses it.</summary>
internal sealed class LiveWindow(TimeProvider time)
{
    private DateTimeOffset _start = time.GetUtcNow();
    private int _groups;
    private int _requests;
    private int _appended;
    private int _full;
    private double _commitSum;
    private double _commitMax;
    private double _updateSum;
    private double _updateMax;

    public void Add(int requests, double commitMs, double updateMs)
    {
        _groups++;
        _requests += requests;
        _commitSum += commitMs;
        _commitMax = Math.Max(_commitMax, commitMs);
        _updateSum += updateMs;
        _updateMax = Math.Max(_updateMax, updateMs);
    }

    public void Resolved(bool appended)
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

    /// <summary>The summary of the window and a new window, once <paramref name="length"/> has passed; else null.</summary>
    public string? Due(TimeSpan length)
    {
        var now = time.GetUtcNow();
        if (now - _start < length || _groups == 0)
        {
            return null;
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{_requests} requests in {_groups} groups over {(now - _start).TotalSeconds:0.0} s; commit mean {_commitSum / _groups:0.0} ms, max {_commitMax:0.0} ms; "
            + $"update mean {_updateSum / _groups:0.0} ms, max {_updateMax:0.0} ms; silver appended {_appended}, resolved in full {_full}");
        _start = now;
        _groups = _requests = _appended = _full = 0;
        _commitSum = _commitMax = _updateSum = _updateMax = 0;
        return summary;
    }
}
