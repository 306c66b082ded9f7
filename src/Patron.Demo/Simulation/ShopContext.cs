using Patron.Demo.Catalog;
using Patron.Demo.Output;
using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

/// <summary>
/// Everything the blocks share, read-only while they run: options, calendar, catalog, seasonality, defect plan and
/// the registration times of all customers (sorted, so customer ids follow sign-up order).
/// </summary>
internal sealed class ShopContext
{
    /// <summary>Purposes of the derived random streams; fixed so that adding one never shifts the others.</summary>
    public const ulong RegistrationStream = 1;
    public const ulong CatalogStream = 2;
    public const ulong BehaviourStream = 3;
    public const ulong CustomerDefectStream = 4;
    public const ulong RowDefectStream = 5;
    public const ulong SessionStream = 6;
    public const ulong RetailStream = 7;

    /// <summary>First orphan customer number: customer ids at and above it are never issued.</summary>
    public const int OrphanCustomerBase = 9_000_000;

    /// <summary>First orphan product number.</summary>
    public const int OrphanProductBase = 90_000;

    /// <summary>Acquisition density ∝ exp(−κ x) over the history fraction x: about 62 % of sign-ups in the first half.</summary>
    private const double AcquisitionDecay = 1.2;

    public ShopContext(DemoShopOptions options, int customerCount, ProductCatalog catalog, double browseScale = 0.0)
    {
        BrowseScale = browseScale;
        MeanPurchaseRate = options.PurchaseShape / options.PurchaseRateScale;
        Options = options;
        CustomerCount = customerCount;
        Catalog = catalog;
        Seed = options.Seed;
        FirstDay = CivilCalendar.DaysFrom(options.EffectiveStart);
        HistoryDays = CivilCalendar.DaysFrom(options.End) - FirstDay + 1;
        HorizonDays = HistoryDays + options.FutureDays;
        FirstSecond = FirstDay * CivilCalendar.SecondsPerDay;
        Seasonality = new Seasonality(FirstDay, HorizonDays);
        Defects = new DefectPlan(options.Clean ? 0.0 : options.DefectRate);
        RegistrationOffsets = DrawRegistrations(customerCount, HistoryDays, SplitMix64.Derive(Seed, RegistrationStream, 0));
        CountryBytes = ProductCatalog.ToUtf8(ShopVocabulary.Countries);
        EmailDomainBytes = ProductCatalog.ToUtf8(ShopVocabulary.EmailDomains);
        ChannelBytes = ProductCatalog.ToUtf8(ShopVocabulary.AcquisitionChannels);
        PaymentBytes = ProductCatalog.ToUtf8(ShopVocabulary.PaymentMethods);
        CategoryBytes = ProductCatalog.ToUtf8(ShopVocabulary.Categories);
        Retail = options.Format == DemoShopFormat.OnlineRetail ? new RetailCatalog(catalog, Seed, HistoryDays) : null;
    }

    /// <summary>Stock codes, descriptions, price changes and moves of the Online Retail format; null for the generic format.</summary>
    public RetailCatalog? Retail { get; }

    public DemoShopOptions Options { get; }

    /// <summary>
    /// k in a customer's browse rate β = k · √(λ · mean λ) · g per day (g ~ Gamma, mean 1), calibrated on a pilot run so
    /// that sessions per order come out near <see cref="DemoShopOptions.SessionsPerOrder"/>; 0 when no sessions are written.
    /// </summary>
    public double BrowseScale { get; }

    /// <summary>The mean purchase rate r / α per day.</summary>
    public double MeanPurchaseRate { get; }

    public int CustomerCount { get; }

    public ProductCatalog Catalog { get; }

    public ulong Seed { get; }

    /// <summary>Day number (since 1970-01-01) of the first day of history.</summary>
    public int FirstDay { get; }

    /// <summary>Days of history; history ends before day offset <see cref="HistoryDays"/>.</summary>
    public int HistoryDays { get; }

    /// <summary>History plus the future window.</summary>
    public int HorizonDays { get; }

    public long FirstSecond { get; }

    public Seasonality Seasonality { get; }

    public DefectPlan Defects { get; }

    /// <summary>Sign-up time of each customer in days since the first day of history, non-decreasing.</summary>
    public double[] RegistrationOffsets { get; }

    public double[] CountryCumulative { get; } = Sampling.Cumulative(ShopVocabulary.CountryWeights);

    public double[] EmailDomainCumulative { get; } = Sampling.Cumulative(ShopVocabulary.EmailDomainWeights);

    public double[] ChannelCumulative { get; } = Sampling.Cumulative(ShopVocabulary.AcquisitionChannelWeights);

    public double[] PaymentCumulative { get; } = Sampling.Cumulative(ShopVocabulary.PaymentMethodWeights);

    public double[] QuantityCumulative { get; } = Sampling.Cumulative(ShopVocabulary.QuantityWeights);

    public double[] HourCumulative { get; } = Seasonality.HourlyCumulative();

    public byte[][] CountryBytes { get; }

    public byte[][] EmailDomainBytes { get; }

    public byte[][] ChannelBytes { get; }

    public byte[][] PaymentBytes { get; }

    public byte[][] CategoryBytes { get; }

    /// <summary>
    /// Sorted sign-up times without sorting: normalised cumulative sums of exponential spacings are the order
    /// statistics of uniforms (Devroye, "Non-Uniform Random Variate Generation", 1986, V.2), mapped through the
    /// inverse of the truncated exponential acquisition density.
    /// </summary>
    private static double[] DrawRegistrations(int count, int historyDays, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var offsets = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += Sampling.Exponential(ref rng, 1.0);
            offsets[i] = sum;
        }

        sum += Sampling.Exponential(ref rng, 1.0);
        var mass = 1.0 - Math.Exp(-AcquisitionDecay);
        for (var i = 0; i < count; i++)
        {
            var u = offsets[i] / sum;
            var x = -Math.Log(1.0 - u * mass) / AcquisitionDecay;
            offsets[i] = Math.Min(x * historyDays, historyDays - 1e-6);
        }

        return offsets;
    }
}
