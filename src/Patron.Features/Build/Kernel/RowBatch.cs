namespace Patron.Features.Build.Kernel;

/// <summary>
/// A run of whole customers' rows from <c>Sql/customer_rows.sql</c>, held column by column: a row per order line, or one
/// with no line for an order without a counted line. Customers are numbered within the batch in the order they arrive
/// (customer_id order); each customer's rows are contiguous, from <see cref="CustomerStart"/>.
/// </summary>
internal sealed class RowBatch
{
    public const byte Purchase = 1;
    public const byte HasLine = 2;
    public const byte HasMargin = 4;
    public const byte HasInstallments = 8;
    public const byte HasDelivery = 16;
    public const byte HasDelay = 32;

    private byte[] _ids = new byte[4096];
    private int _idBytes;

    public int Count { get; private set; }

    /// <summary>Customers in the batch.</summary>
    public int Customers { get; private set; }

    /// <summary>Where each customer's rows start; entry <see cref="Customers"/> is <see cref="Count"/>.</summary>
    public int[] CustomerStart { get; private set; } = new int[1025];

    /// <summary>Where each customer's id starts in the id bytes.</summary>
    public int[] IdStart { get; private set; } = new int[1025];

    public long[] OrderRow { get; private set; } = new long[1024];

    public long[] OrderedMicros { get; private set; } = new long[1024];

    public byte[] Flags { get; private set; } = new byte[1024];

    public byte[] PaymentClass { get; private set; } = new byte[1024];

    public int[] Installments { get; private set; } = new int[1024];

    public int[] DeliveryDays { get; private set; } = new int[1024];

    public int[] DelayDays { get; private set; } = new int[1024];

    /// <summary>Line amount in millionths of the currency unit.</summary>
    public long[] Amount { get; private set; } = new long[1024];

    /// <summary>Quantity in millionths.</summary>
    public long[] Quantity { get; private set; } = new long[1024];

    /// <summary>Discount in millionths of the currency unit.</summary>
    public long[] Discount { get; private set; } = new long[1024];

    /// <summary>Line amount × product margin in millionths of the currency unit.</summary>
    public long[] Margin { get; private set; } = new long[1024];

    /// <summary>The product's index in <see cref="ProductTable"/>, or -1.</summary>
    public int[] Product { get; private set; } = new int[1024];

    /// <summary>The UTF-8 customer_id of customer <paramref name="customer"/> of the batch.</summary>
    public ReadOnlySpan<byte> Id(int customer) => _ids.AsSpan(IdStart[customer], IdStart[customer + 1] - IdStart[customer]);

    /// <summary>The id of the last customer started, or empty when the batch has none.</summary>
    public ReadOnlySpan<byte> LastId => Customers == 0 ? default : Id(Customers - 1);

    /// <summary>Starts a new customer; its rows follow with <see cref="AddRow"/>.</summary>
    public void StartCustomer(ReadOnlySpan<byte> id)
    {
        if (Customers + 2 > CustomerStart.Length)
        {
            CustomerStart = Grow(CustomerStart, CustomerStart.Length * 2, Customers + 1);
            IdStart = Grow(IdStart, IdStart.Length * 2, Customers + 1);
        }

        if (_idBytes + id.Length > _ids.Length)
        {
            _ids = Grow(_ids, Math.Max(_ids.Length * 2, _idBytes + id.Length), _idBytes);
        }

        id.CopyTo(_ids.AsSpan(_idBytes));
        CustomerStart[Customers] = Count;
        IdStart[Customers] = _idBytes;
        _idBytes += id.Length;
        Customers++;
        CustomerStart[Customers] = Count;
        IdStart[Customers] = _idBytes;
    }

    /// <summary>Adds a row to the customer started last and returns its index, where the caller writes its values.</summary>
    public int AddRow()
    {
        if (Count == OrderRow.Length)
        {
            var size = Count * 2;
            OrderRow = Grow(OrderRow, size, Count);
            OrderedMicros = Grow(OrderedMicros, size, Count);
            Flags = Grow(Flags, size, Count);
            PaymentClass = Grow(PaymentClass, size, Count);
            Installments = Grow(Installments, size, Count);
            DeliveryDays = Grow(DeliveryDays, size, Count);
            DelayDays = Grow(DelayDays, size, Count);
            Amount = Grow(Amount, size, Count);
            Quantity = Grow(Quantity, size, Count);
            Discount = Grow(Discount, size, Count);
            Margin = Grow(Margin, size, Count);
            Product = Grow(Product, size, Count);
        }

        CustomerStart[Customers] = Count + 1;
        return Count++;
    }

    /// <summary>Empties the batch, keeping its buffers.</summary>
    public void Clear()
    {
        Count = 0;
        Customers = 0;
        _idBytes = 0;
        CustomerStart[0] = 0;
        IdStart[0] = 0;
    }

    private static T[] Grow<T>(T[] array, int size, int used)
    {
        var grown = new T[size];
        array.AsSpan(0, used).CopyTo(grown);
        return grown;
    }
}
