namespace Patron.Demo;

/// <summary>What <see cref="DemoShopGenerator.Generate"/> wrote: the files with their row counts and the injected defects.</summary>
public sealed record DemoShopResult
{
    public required string OutputDirectory { get; init; }

    /// <summary>The <c>truth/</c> folder: truth.json, customers.csv (latent rates) and future_transactions.csv.</summary>
    public required string TruthDirectory { get; init; }

    public required int Customers { get; init; }

    public required int Products { get; init; }

    /// <summary>transactions.csv data rows, defects included.</summary>
    public required long TransactionRows { get; init; }

    public required long FutureTransactionRows { get; init; }

    /// <summary>sessions.csv data rows; 0 when <see cref="DemoShopOptions.SessionsPerOrder"/> is 0 and no file is written.</summary>
    public long SessionRows { get; init; }

    /// <summary>truth/future_sessions.csv data rows.</summary>
    public long FutureSessionRows { get; init; }

    /// <summary>Sessions per kind; null when no sessions were written.</summary>
    public DemoShopSessions? Sessions { get; init; }

    public required IReadOnlyList<DemoShopFile> Files { get; init; }

    /// <summary>The simulated experiment, when one was asked for.</summary>
    public Experiment.DemoExperimentResult? Experiment { get; init; }

    public required DemoShopDefects Defects { get; init; }

    /// <summary>Wall-clock time of the generation.</summary>
    public required TimeSpan Elapsed { get; init; }
}
