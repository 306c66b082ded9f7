namespace Patron.Demo;

/// <summary>
/// What to generate: size, calendar, seed, defect rates and the latent parameters of the simulated customers.
/// </summary>
/// <remarks>
/// Rates of the purchase process are per day. Money is in the shop's currency. The defaults reproduce
/// <c>patron demo generate</c>; see docs/demo-shop.md for the model.
/// </remarks>
public sealed record DemoShopOptions
{
    /// <summary>Largest customer count: ids above it (C9000000 and up) are reserved for orphan rows.</summary>
    public const int MaxCustomers = 8_999_999;

    /// <summary>Largest product count: ids P90000 and up are reserved for orphan rows.</summary>
    public const int MaxProducts = 89_999;

    /// <summary>The folder to write into (created when missing); truth goes to its <c>truth/</c> subfolder.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// The export format: the generic files (default), or one Online Retail file (online_retail.csv, no sessions: the
    /// format has none). The simulation is the same; only the files differ (docs/demo-shop.md).
    /// </summary>
    public DemoShopFormat Format { get; init; } = DemoShopFormat.Generic;

    /// <summary>Number of customers; when null, chosen from <see cref="Transactions"/> (or 10,000 when both are null).</summary>
    public int? Customers { get; init; }

    /// <summary>Approximate number of transactions.csv rows to reach instead of a customer count.</summary>
    public long? Transactions { get; init; }

    /// <summary>Number of products; when null, 2,000 for 10,000 customers, scaled with the square root of the customer count.</summary>
    public int? Products { get; init; }

    /// <summary>The one seed behind every random choice.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>First day of history (inclusive); default two years before <see cref="End"/>.</summary>
    public DateOnly? Start { get; init; }

    /// <summary>Last day of history (inclusive).</summary>
    public DateOnly End { get; init; } = new(2026, 9, 30);

    /// <summary>Days simulated after <see cref="End"/> and written only to the truth folder.</summary>
    public int FutureDays { get; init; } = 365;

    /// <summary>Base rate of each injected defect kind (each kind scales it by its own factor); ignored when <see cref="Clean"/>.</summary>
    public double DefectRate { get; init; } = 0.005;

    /// <summary>No injected defects (returns, being behaviour, stay).</summary>
    public bool Clean { get; init; }

    /// <summary>Share of purchases returned later.</summary>
    public double ReturnRate { get; init; } = 0.02;

    /// <summary>Share of transactions with a discount (rates 0.05 to 0.3).</summary>
    public double DiscountShare { get; init; } = 0.15;

    /// <summary>BG/NBD: shape r of the Gamma distribution of purchase rates λ.</summary>
    public double PurchaseShape { get; init; } = 0.9;

    /// <summary>BG/NBD: rate α of the Gamma distribution of purchase rates (days), so the mean λ is r / α.</summary>
    public double PurchaseRateScale { get; init; } = 60.0;

    /// <summary>BG/NBD: parameter a of the Beta distribution of drop-out probabilities.</summary>
    public double DropoutA { get; init; } = 1.0;

    /// <summary>BG/NBD: parameter b of the Beta distribution of drop-out probabilities.</summary>
    public double DropoutB { get; init; } = 6.0;

    /// <summary>Gamma-Gamma: shape p of a basket value given the customer.</summary>
    public double SpendShape { get; init; } = 6.0;

    /// <summary>Gamma-Gamma: shape q of the mixing distribution of ν.</summary>
    public double SpendMixShape { get; init; } = 4.0;

    /// <summary>Gamma-Gamma: rate γ of the mixing distribution of ν; the mean spend level is p·γ / (q − 1).</summary>
    public double SpendMixRate { get; init; } = 30.0;

    /// <summary>Standard deviation of ln(basket value) around the customer's spend level.</summary>
    public double BasketSigma { get; init; } = 0.5;

    /// <summary>Mean days from registration to the first purchase (exponential).</summary>
    public double RegistrationDelayDays { get; init; } = 4.0;

    /// <summary>Exponent s of the Zipf popularity of products.</summary>
    public double ZipfExponent { get; init; } = 1.1;

    /// <summary>
    /// Web sessions written to sessions.csv per order, all kinds together (purchase, browse, after drop-out, anonymous);
    /// 0 writes no sessions file. Reached approximately: the browse rate is calibrated on a pilot run.
    /// </summary>
    public double SessionsPerOrder { get; init; } = 2.5;

    /// <summary>Share of all sessions that are anonymous (no customer, never a purchase).</summary>
    public double AnonymousSessionShare { get; init; } = 0.15;

    /// <summary>Mean days over which a dropped-out customer's visits fade (exponential decay of the browse rate).</summary>
    public double AfterDropoutDays { get; init; } = 20.0;

    /// <summary>A simulated experiment inside the history (generic format only): its assignment goes to
    /// <c>experiment/assignments.csv</c>, its truth to <c>truth/experiment.csv</c> and <c>truth/experiment.json</c>.</summary>
    public Experiment.DemoExperimentOptions? Experiment { get; init; }

    /// <summary>Most blocks simulated at once; null for one per core. Never changes the output, only the speed.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Whether sessions.csv is written: the generic format with a positive <see cref="SessionsPerOrder"/>.</summary>
    internal bool WritesSessions => Format == DemoShopFormat.Generic && SessionsPerOrder > 0.0;

    /// <summary>The first day of history after defaults are applied.</summary>
    public DateOnly EffectiveStart => Start ?? End.AddYears(-2).AddDays(1);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new ArgumentException("The output folder is required.", nameof(OutputDirectory));
        }

        if (Customers is { } customers && (customers < 1 || customers > MaxCustomers))
        {
            throw new ArgumentOutOfRangeException(nameof(Customers), customers, $"Expected 1 to {MaxCustomers:N0} customers.");
        }

        if (Transactions is { } transactions && (transactions < 1 || transactions > 500_000_000))
        {
            throw new ArgumentOutOfRangeException(nameof(Transactions), transactions, "Expected 1 to 500,000,000 transactions.");
        }

        if (Customers is not null && Transactions is not null)
        {
            throw new ArgumentException("Give either a customer count or a transaction count, not both.");
        }

        if (Products is { } products && (products < 50 || products > MaxProducts))
        {
            throw new ArgumentOutOfRangeException(nameof(Products), products, $"Expected 50 to {MaxProducts:N0} products.");
        }

        if (EffectiveStart >= End)
        {
            throw new ArgumentException($"The history must start before it ends (start {EffectiveStart:yyyy-MM-dd}, end {End:yyyy-MM-dd}).");
        }

        if (EffectiveStart.Year < 2001 || End.Year > 2098)
        {
            throw new ArgumentException("The history must lie between 2001 and 2098 (1970 and 2099 mark injected timestamp defects).");
        }

        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "Expected the generic or the Online Retail format.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(FutureDays);
        if (Experiment is not null)
        {
            if (Format != DemoShopFormat.Generic)
            {
                throw new ArgumentException("A simulated experiment needs the generic format.");
            }

            Experiment.Validate(EffectiveStart, End);
        }

        if (MaxDegreeOfParallelism is { } parallelism)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1, nameof(MaxDegreeOfParallelism));
        }

        RequireFraction(DefectRate, nameof(DefectRate), 0.05);
        RequireFraction(AnonymousSessionShare, nameof(AnonymousSessionShare), 0.5);
        RequirePositive(AfterDropoutDays, nameof(AfterDropoutDays));
        if (SessionsPerOrder != 0.0 && !(SessionsPerOrder * (1.0 - AnonymousSessionShare) >= 1.05 && SessionsPerOrder <= 50.0))
        {
            // Each order has its purchase session; the known customers' share must leave room for browsing.
            throw new ArgumentOutOfRangeException(nameof(SessionsPerOrder), SessionsPerOrder,
                "Sessions per order: expected 0 (no sessions) or a count per order of at most 50 whose non-anonymous part is at least 1.05.");
        }

        RequireFraction(ReturnRate, nameof(ReturnRate), 0.5);
        RequireFraction(DiscountShare, nameof(DiscountShare), 1.0);
        RequirePositive(PurchaseShape, nameof(PurchaseShape));
        RequirePositive(PurchaseRateScale, nameof(PurchaseRateScale));
        RequirePositive(DropoutA, nameof(DropoutA));
        RequirePositive(DropoutB, nameof(DropoutB));
        RequirePositive(SpendShape, nameof(SpendShape));
        RequirePositive(SpendMixRate, nameof(SpendMixRate));
        RequirePositive(BasketSigma, nameof(BasketSigma));
        RequirePositive(RegistrationDelayDays, nameof(RegistrationDelayDays));
        RequirePositive(ZipfExponent, nameof(ZipfExponent));
        if (SpendMixShape <= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(SpendMixShape), SpendMixShape, "Expected q > 1 so the mean spend level is finite.");
        }
    }

    private static void RequireFraction(double value, string name, double max)
    {
        if (!(value >= 0.0 && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Expected a rate between 0 and {max}.");
        }
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0.0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Expected a positive finite number.");
        }
    }
}
