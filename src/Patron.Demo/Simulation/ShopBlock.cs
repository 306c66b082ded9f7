using Patron.Demo.Output;
using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

/// <summary>
/// A fixed run of consecutive customers simulated and formatted on one thread with its own random streams, derived
/// from the main seed and the block index, so the bytes of a block never depend on which thread ran it or when.
/// Instances are reused: <see cref="Run"/> resets every field.
/// </summary>
internal sealed partial class ShopBlock : IDisposable
{
    /// <summary>Customers per block: small enough to balance two cores, large enough to amortise the per-block setup.</summary>
    public const int CustomersPerBlock = 2048;

    private const int FavouriteSlots = 3;

    private readonly ShopContext _context;
    private readonly RowList _base = new();
    private readonly RowList _rows = new();
    private readonly RowList _future = new();
    private readonly double[] _lambda = new double[CustomersPerBlock];
    private readonly double[] _dropout = new double[CustomersPerBlock];
    private readonly double[] _spendLevel = new double[CustomersPerBlock];
    private readonly int[] _registrationDay = new int[CustomersPerBlock];
    private readonly int[] _dropoutDay = new int[CustomersPerBlock];
    private readonly int[] _baseStart = new int[CustomersPerBlock];
    private readonly int[] _baseEnd = new int[CustomersPerBlock];
    private readonly int[] _futureStart = new int[CustomersPerBlock];
    private readonly int[] _futureEnd = new int[CustomersPerBlock];
    private readonly double[] _dropoutAt = new double[CustomersPerBlock];
    private readonly double[] _firstPurchase = new double[CustomersPerBlock];
    private readonly SessionList _sessions = new();
    private readonly SessionList _futureSessions = new();
    private readonly SessionList _customerSessions = new();
    private readonly int[] _futureOrders = new int[CustomersPerBlock];
    private readonly double[] _futureSpend = new double[CustomersPerBlock];
    private readonly byte[] _favourites = new byte[CustomersPerBlock * FavouriteSlots];
    private readonly byte[] _favouriteCount = new byte[CustomersPerBlock];
    private readonly byte[] _age = new byte[CustomersPerBlock];
    private readonly byte[] _country = new byte[CustomersPerBlock];
    private readonly byte[] _emailDomain = new byte[CustomersPerBlock];
    private readonly byte[] _channel = new byte[CustomersPerBlock];
    private readonly CustomerDefect[] _customerDefect = new CustomerDefect[CustomersPerBlock];
    private readonly int[] _lateRegistrations = new int[CustomersPerBlock];
    private readonly int[] _productCounts;
    private readonly int[] _productOutliers;
    private long[] _ids = new long[4096];
    private int[] _timeOrder = new int[4096];
    private long[] _timeKeys = new long[4096];
    private int _lateRegistrationCount;
    private int _blockIndex;

    public ShopBlock(ShopContext context)
    {
        _context = context;
        _productCounts = new int[context.Catalog.Count];
        _productOutliers = new int[context.Catalog.Count];
    }

    private enum CustomerDefect : byte
    {
        None,
        RegistrationAfterFirstPurchase,
        MissingAge,
        MissingCountry,
        MissingChannel,
    }

    public int FirstCustomer { get; private set; }

    public int CustomerCount { get; private set; }

    public DefectTally Tally { get; } = new();

    /// <summary>transactions.csv rows of this block, defects included.</summary>
    public int HistoryRows => _rows.Count;

    /// <summary>Rows that take a new transaction id (all but exact and business-key duplicates).</summary>
    public int NewIdRows { get; private set; }

    public int FutureRows => _future.Count;

    public SessionTally SessionTally { get; } = new();

    /// <summary>sessions.csv rows of this block.</summary>
    public int SessionRows => _sessions.Count;

    public int FutureSessionRows => _futureSessions.Count;

    public ByteBuffer Sessions { get; } = new();

    public ByteBuffer FutureSessions { get; } = new();

    public ByteBuffer Transactions { get; } = new();

    public ByteBuffer Customers { get; } = new();

    public ByteBuffer TruthCustomers { get; } = new();

    public ByteBuffer FutureTransactions { get; } = new();

    /// <summary>
    /// Simulates customers [first, first + count), injects the defects and formats the customer files; with
    /// <paramref name="sessions"/>, also simulates the block's web sessions from their own random stream, so
    /// transactions do not change with the session options.
    /// </summary>
    public void Run(int blockIndex, int firstCustomer, int count, bool format, bool sessions)
    {
        _blockIndex = blockIndex;
        FirstCustomer = firstCustomer;
        CustomerCount = count;
        Tally.Clear();
        SessionTally.Clear();
        _sessions.Clear();
        _futureSessions.Clear();
        Sessions.Clear();
        FutureSessions.Clear();
        _base.Clear();
        _rows.Clear();
        _future.Clear();
        Transactions.Clear();
        Customers.Clear();
        TruthCustomers.Clear();
        FutureTransactions.Clear();
        var seed = _context.Seed;
        var behaviour = new Xoshiro256StarStar(SplitMix64.Derive(seed, ShopContext.BehaviourStream, (ulong)blockIndex));
        for (var local = 0; local < count; local++)
        {
            SimulateCustomer(ref behaviour, local, firstCustomer + local);
        }

        if (sessions)
        {
            var visits = new Xoshiro256StarStar(SplitMix64.Derive(seed, ShopContext.SessionStream, (ulong)blockIndex));
            SimulateSessions(ref visits);
        }

        var customerDefects = new Xoshiro256StarStar(SplitMix64.Derive(seed, ShopContext.CustomerDefectStream, (ulong)blockIndex));
        InjectCustomerDefects(ref customerDefects);
        var rowDefects = new Xoshiro256StarStar(SplitMix64.Derive(seed, ShopContext.RowDefectStream, (ulong)blockIndex));
        BuildRows(ref rowDefects);
        InjectPriceOutliers(ref rowDefects);
        if (format)
        {
            FormatCustomers();
        }
    }

    public void Dispose()
    {
        Transactions.Dispose();
        Customers.Dispose();
        TruthCustomers.Dispose();
        FutureTransactions.Dispose();
        Sessions.Dispose();
        FutureSessions.Dispose();
    }
}
