using System.Globalization;

namespace Patron.Bench;

/// <summary>A process's CPU and page-fault counters so far, from /proc/PID/stat: user and system CPU seconds (fields 14
/// and 15, in clock ticks of 1/100 s, the Linux USER_HZ) and minor and major page faults (fields 10 and 12).</summary>
/// <remarks>Minor faults count pages the process touched that were not mapped yet: memory first used, or used again after
/// the process (the collector, or DuckDB's allocator) gave it back to the system. Their count and the system seconds
/// show how much a run pays for handing memory back and taking it again.</remarks>
internal readonly record struct ProcStat(double UserSeconds, double SystemSeconds, long MinorFaults, long MajorFaults)
{
    /// <summary>User plus system CPU seconds.</summary>
    public double CpuSeconds => UserSeconds + SystemSeconds;

    public static ProcStat operator -(ProcStat a, ProcStat b) =>
        new(a.UserSeconds - b.UserSeconds, a.SystemSeconds - b.SystemSeconds, a.MinorFaults - b.MinorFaults, a.MajorFaults - b.MajorFaults);

    public static ProcStat operator +(ProcStat a, ProcStat b) =>
        new(a.UserSeconds + b.UserSeconds, a.SystemSeconds + b.SystemSeconds, a.MinorFaults + b.MinorFaults, a.MajorFaults + b.MajorFaults);

    /// <summary>The counters of process <paramref name="pid"/>, or null when it has ended.</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The counters in one line of /proc/PID/stat.</summary>
    public static ProcStat Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one, from the
        // state (field 3) at index 0.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(
            long.Parse(fields[11], CultureInfo.InvariantCulture) / 100.0,
            long.Parse(fields[12], CultureInfo.InvariantCulture) / 100.0,
            long.Parse(fields[7], CultureInfo.InvariantCulture),
            long.Parse(fields[9], CultureInfo.InvariantCulture));
    }
}
