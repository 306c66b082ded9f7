namespace Patron.Demo.Experiment;

/// <summary>A simulated experiment inside the demo shop's history: who is in it, when it runs and the treated share.</summary>
/// <remarks>The effect it simulates is fixed (docs/demo-shop.md, "Experiment"); the seed is the shop's.</remarks>
public sealed record DemoExperimentOptions
{
    /// <summary>Days since the last purchase from which a customer counts as lapsing.</summary>
    public const int LapsingDays = 60;

    /// <summary>Who takes part.</summary>
    public DemoExperimentPopulation Population { get; init; } = DemoExperimentPopulation.Buyers;

    /// <summary>First day of the experiment; default: the window ends on the last day of history.</summary>
    public DateOnly? Start { get; init; }

    /// <summary>Length of the outcome window in days.</summary>
    public int WindowDays { get; init; } = 90;

    /// <summary>Share of the population treated, in (0, 1).</summary>
    public double TreatedShare { get; init; } = 0.5;

    /// <summary>The start after defaults, for a history ending on <paramref name="end"/>.</summary>
    public DateOnly EffectiveStart(DateOnly end) => Start ?? end.AddDays(1 - WindowDays);

    internal void Validate(DateOnly historyStart, DateOnly historyEnd)
    {
        if (!Enum.IsDefined(Population))
        {
            throw new ArgumentOutOfRangeException(nameof(Population), Population, "Expected buyers or lapsing.");
        }

        if (WindowDays < 7 || WindowDays > 366)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowDays), WindowDays, "Expected an experiment window of 7 to 366 days.");
        }

        if (!(TreatedShare > 0 && TreatedShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TreatedShare), TreatedShare, "Expected a treated share between 0 and 1.");
        }

        var start = EffectiveStart(historyEnd);
        if (start.AddDays(WindowDays - 1) > historyEnd)
        {
            throw new ArgumentException($"The experiment from {start:yyyy-MM-dd} over {WindowDays} days ends after the history's last day {historyEnd:yyyy-MM-dd}; start it earlier or shorten the window.");
        }

        if (start < historyStart.AddDays(90))
        {
            throw new ArgumentException($"The experiment starts {start:yyyy-MM-dd}, less than 90 days into the history ({historyStart:yyyy-MM-dd}); customers need a past to respond to.");
        }
    }
}
