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
            Resize(Count * 2);
        }

        CustomerStart[Customers] = Count + 1;
        return Count++;
    }

    /// <summary>Bytes held by the batch's arrays.</summary>
    public long Bytes => (long)OrderRow.Length * ((8 * 6) + (4 * 4) + 2) + _ids.Length + ((long)CustomerStart.Length * 4) + ((long)IdStart.Length * 4);

    /// <summary>Makes room for <paramref name="rows"/> rows at once (a caller that knows about how many will come spares the
    /// copies of growing by doubling).</summary>
    public void Reserve(int rows)
    {
        if (rows > OrderRow.Length)
        {
            Resize(rows);
        }
    }

    /// <summary>Adds row <paramref name="row"/> of <paramref name="from"/> to the customer started last.</summary>
    public void CopyRow(RowBatch from, int row)
    {
        var i = AddRow();
        OrderRow[i] = from.OrderRow[row];
        OrderedMicros[i] = from.OrderedMicros[row];
        Flags[i] = from.Flags[row];
        PaymentClass[i] = from.PaymentClass[row];
        Installments[i] = from.Installments[row];
        DeliveryDays[i] = from.DeliveryDays[row];
        DelayDays[i] = from.DelayDays[row];
        Amount[i] = from.Amount[row];
        Quantity[i] = from.Quantity[row];
        Discount[i] = from.Discount[row];
        Margin[i] = from.Margin[row];
        Product[i] = from.Product[row];
    }

    /// <summary>The customer whose id is <paramref name="id"/>, or -1, for a batch whose ids strictly increase (binary
    /// search).</summary>
    public int Find(ReadOnlySpan<byte> id)
    {
        var low = 0;
        var high = Customers - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = Id(middle).SequenceCompareTo(id);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
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

    private void Resize(int size)
    {
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

    private static T[] Grow<T>(T[] array, int size, int used)
    {
        var grown = new T[size];
        array.AsSpan(0, used).CopyTo(grown);
        return grown;
    }
}
