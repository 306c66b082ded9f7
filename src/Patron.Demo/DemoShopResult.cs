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

    public required IReadOnlyList<DemoShopFile> Files { get; init; }

    public required DemoShopDefects Defects { get; init; }

    /// <summary>Wall-clock time of the generation.</summary>
    public required TimeSpan Elapsed { get; init; }
}
