namespace Patron.Demo.Simulation;

/// <summary>
/// Injection probabilities per defect kind: the base rate times a fixed factor per kind, so the default base of
/// 0.5 % gives rates between 0.2 % and 1 %. Row kinds apply per clean purchase, customer kinds per customer.
/// </summary>
internal sealed class DefectPlan
{
    /// <summary>The row kinds drawn per clean purchase, in the order of <see cref="RowCumulative"/>.</summary>
    public static readonly RowKind[] RowKinds =
    [
        RowKind.ExactDuplicate, RowKind.BusinessKeyDuplicate, RowKind.ZeroQuantity, RowKind.ZeroOrNegativePrice,
        RowKind.OrphanCustomer, RowKind.OrphanProduct, RowKind.FutureTimestamp, RowKind.PreOpeningTimestamp,
        RowKind.MissingPayment,
    ];

    private static readonly double[] RowFactors = [1.0, 0.6, 0.4, 0.4, 0.6, 0.6, 0.4, 0.4, 1.0];

    public DefectPlan(double baseRate)
    {
        BaseRate = baseRate;
        RowCumulative = new double[RowFactors.Length];
        var sum = 0.0;
        for (var i = 0; i < RowFactors.Length; i++)
        {
            sum += RowFactors[i] * baseRate;
            RowCumulative[i] = sum;
        }

        PriceOutlier = 0.4 * baseRate;
        RegistrationAfterFirstPurchase = baseRate;
        MissingAge = 2.0 * baseRate;
        MissingCountry = baseRate;
        MissingChannel = baseRate;
        MissingBrand = baseRate;
    }

    public double BaseRate { get; }

    public bool Enabled => BaseRate > 0.0;

    /// <summary>Cumulative probabilities of <see cref="RowKinds"/>; a uniform draw above the last means no defect.</summary>
    public double[] RowCumulative { get; }

    public double PriceOutlier { get; }

    public double RegistrationAfterFirstPurchase { get; }

    public double MissingAge { get; }

    public double MissingCountry { get; }

    public double MissingChannel { get; }

    public double MissingBrand { get; }
}
