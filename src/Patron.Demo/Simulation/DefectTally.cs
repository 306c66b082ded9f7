namespace Patron.Demo.Simulation;

/// <summary>Counts of injected defects, accumulated per block and summed in block order.</summary>
internal sealed class DefectTally
{
    public long ExactDuplicates;
    public long BusinessKeyDuplicates;
    public long NegativeQuantity;
    public long ZeroQuantity;
    public long ZeroOrNegativePrice;
    public long PriceOutliers;
    public long OrphanCustomers;
    public long OrphanProducts;
    public long FutureTimestamps;
    public long PreOpeningTimestamps;
    public long RegistrationAfterFirstPurchase;
    public long MissingAge;
    public long MissingCountry;
    public long MissingChannel;
    public long MissingPayment;

    public void Clear()
    {
        ExactDuplicates = BusinessKeyDuplicates = NegativeQuantity = ZeroQuantity = ZeroOrNegativePrice = 0;
        PriceOutliers = OrphanCustomers = OrphanProducts = FutureTimestamps = PreOpeningTimestamps = 0;
        RegistrationAfterFirstPurchase = MissingAge = MissingCountry = MissingChannel = MissingPayment = 0;
    }

    public void Add(DefectTally other)
    {
        ExactDuplicates += other.ExactDuplicates;
        BusinessKeyDuplicates += other.BusinessKeyDuplicates;
        NegativeQuantity += other.NegativeQuantity;
        ZeroQuantity += other.ZeroQuantity;
        ZeroOrNegativePrice += other.ZeroOrNegativePrice;
        PriceOutliers += other.PriceOutliers;
        OrphanCustomers += other.OrphanCustomers;
        OrphanProducts += other.OrphanProducts;
        FutureTimestamps += other.FutureTimestamps;
        PreOpeningTimestamps += other.PreOpeningTimestamps;
        RegistrationAfterFirstPurchase += other.RegistrationAfterFirstPurchase;
        MissingAge += other.MissingAge;
        MissingCountry += other.MissingCountry;
        MissingChannel += other.MissingChannel;
        MissingPayment += other.MissingPayment;
    }
}
