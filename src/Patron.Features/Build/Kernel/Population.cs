namespace Patron.Features.Build.Kernel;

/// <summary>
/// What the population-wide groups need of every customer of the cutoff, in output order (customer_id order): the RFM
/// inputs and the basket (the set of categories bought), plus the customer_id for the labels. A few bytes a customer,
/// so it stays in memory while the feature rows wait in the <see cref="FeatureSpill"/>.
/// </summary>
internal sealed class Population
{
    private readonly Dictionary<string, int> _baskets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _basketLookup;
    private readonly List<int[]> _basketMembers = [];
    private byte[] _ids = new byte[1 << 16];
    private int _idBytes;

    public Population()
    {
        _basketLookup = _baskets.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count { get; private set; }

    /// <summary>Days since the last purchase.</summary>
    public long[] Recency { get; private set; } = new long[1024];

    /// <summary>Purchases.</summary>
    public long[] Frequency { get; private set; } = new long[1024];

    /// <summary>Net revenue in millionths of the currency unit.</summary>
    public long[] Monetary { get; private set; } = new long[1024];

    /// <summary>The customer's basket number, or -1 for a customer with no category bought.</summary>
    public int[] Basket { get; private set; } = new int[1024];

    public int[] IdStart { get; private set; } = new int[1025];

    /// <summary>Distinct baskets; each a sorted array of category numbers.</summary>
    public IReadOnlyList<int[]> Baskets => _basketMembers;

    public ReadOnlySpan<byte> Id(int customer) => _ids.AsSpan(IdStart[customer], IdStart[customer + 1] - IdStart[customer]);

    /// <summary>Adds the next customer; <paramref name="categories"/> are its distinct category numbers in increasing order.</summary>
    public void Add(ReadOnlySpan<byte> id, long recency, long frequency, long monetary, ReadOnlySpan<int> categories)
    {
        if (Count == Recency.Length)
        {
            var size = Count * 2;
            Recency = Grow(Recency, size);
            Frequency = Grow(Frequency, size);
            Monetary = Grow(Monetary, size);
            Basket = Grow(Basket, size);
            var starts = new int[size + 1];
            IdStart.AsSpan(0, Count + 1).CopyTo(starts);
            IdStart = starts;
        }

        if (_idBytes + id.Length > _ids.Length)
        {
            Array.Resize(ref _ids, Math.Max(_ids.Length * 2, _idBytes + id.Length));
        }

        id.CopyTo(_ids.AsSpan(_idBytes));
        _idBytes += id.Length;
        Recency[Count] = recency;
        Frequency[Count] = frequency;
        Monetary[Count] = monetary;
        Basket[Count] = BasketOf(categories);
        Count++;
        IdStart[Count] = _idBytes;
    }

    private int BasketOf(ReadOnlySpan<int> categories)
    {
        if (categories.IsEmpty)
        {
            return -1;
        }

        // The key spells the category numbers as chars (fewer than 65,536 categories, checked by ProductTable).
        Span<char> key = categories.Length <= 256 ? stackalloc char[categories.Length] : new char[categories.Length];
        for (var i = 0; i < categories.Length; i++)
        {
            key[i] = (char)categories[i];
        }

        if (_basketLookup.TryGetValue(key, out var basket))
        {
            return basket;
        }

        basket = _basketMembers.Count;
        _basketMembers.Add(categories.ToArray());
        _baskets.Add(new string(key), basket);
        return basket;
    }

    private T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        array.AsSpan(0, Count).CopyTo(grown);
        return grown;
    }
}
