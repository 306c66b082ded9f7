using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// One partition's order lines before the cutoff (<c>Sql/partition_rows.sql</c>), held column by column: a row per order
/// line, or one with no line for an order without a counted line. Customers are numbered in the order they first
/// appear; <see cref="CustomerIds"/> maps the numbers back.
/// </summary>
internal sealed class PartitionRows
{
    public const byte Purchase = 1;
    public const byte HasLine = 2;
    public const byte HasMargin = 4;
    public const byte HasInstallments = 8;
    public const byte HasDelivery = 16;
    public const byte HasDelay = 32;

    private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public List<string> CustomerIds { get; } = [];

    public int[] Customer { get; private set; } = new int[1024];

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

    /// <summary>The number of a customer seen in the rows, or -1.</summary>
    public int CustomerNumber(string customerId) => _customers.TryGetValue(customerId, out var number) ? number : -1;

    public static PartitionRows Read(DuckDbConnection connection, Dictionary<string, string> values, ProductTable products)
    {
        var rows = new PartitionRows();
        using var reader = connection.QueryStreaming(SqlScripts.Render(FeatureSql.Load("partition_rows.sql"), values));
        while (reader.NextChunk())
        {
            rows.Add(reader, products);
        }

        return rows;
    }

    private void Add(DuckDbReader reader, ProductTable products)
    {
        var n = reader.RowCount;
        EnsureCapacity(Count + n);
        var customer = reader.Column(0);
        var orderRow = reader.Column(1);
        var ordered = reader.Column(2);
        var purchase = reader.Column(3);
        var installments = reader.Column(4);
        var delivery = reader.Column(5);
        var delay = reader.Column(6);
        var payment = reader.Column(7);
        var amount = reader.Column(8);
        var quantity = reader.Column(9);
        var discount = reader.Column(10);
        var margin = reader.Column(11);
        var product = reader.Column(12);
        for (var r = 0; r < n; r++)
        {
            var i = Count + r;
            var id = customer.GetString(r);
            if (!_customers.TryGetValue(id, out var number))
            {
                number = CustomerIds.Count;
                _customers.Add(id, number);
                CustomerIds.Add(id);
            }

            Customer[i] = number;
            OrderRow[i] = orderRow.GetInt64(r);
            OrderedMicros[i] = ordered.GetInt64(r);
            byte flags = purchase.GetBoolean(r) ? Purchase : (byte)0;
            if (!installments.IsNull(r))
            {
                flags |= HasInstallments;
                Installments[i] = installments.GetInt32(r);
            }

            if (!delivery.IsNull(r))
            {
                flags |= HasDelivery;
                DeliveryDays[i] = delivery.GetInt32(r);
            }

            if (!delay.IsNull(r))
            {
                flags |= HasDelay;
                DelayDays[i] = delay.GetInt32(r);
            }

            PaymentClass[i] = payment.IsNull(r) ? (byte)0 : (byte)payment.GetInt32(r);
            // A return document's lines count only when they give money back.
            if (!amount.IsNull(r) && ((flags & Purchase) != 0 || amount.GetUnscaledInt64(r) < 0))
            {
                flags |= HasLine;
                Amount[i] = amount.GetUnscaledInt64(r);
                Quantity[i] = quantity.GetUnscaledInt64(r);
                Discount[i] = discount.IsNull(r) ? 0 : discount.GetUnscaledInt64(r);
                if (!margin.IsNull(r))
                {
                    flags |= HasMargin;
                    Margin[i] = margin.GetUnscaledInt64(r);
                }

                Product[i] = product.IsNull(r) ? -1 : products.IndexOf(product.GetInt64(r));
            }
            else
            {
                Amount[i] = 0;
                Quantity[i] = 0;
                Discount[i] = 0;
                Product[i] = -1;
            }

            Flags[i] = flags;
        }

        Count += n;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= Customer.Length)
        {
            return;
        }

        var size = Math.Max(needed, Customer.Length * 2);
        Customer = Grow(Customer, size);
        OrderRow = Grow(OrderRow, size);
        OrderedMicros = Grow(OrderedMicros, size);
        Flags = Grow(Flags, size);
        PaymentClass = Grow(PaymentClass, size);
        Installments = Grow(Installments, size);
        DeliveryDays = Grow(DeliveryDays, size);
        DelayDays = Grow(DelayDays, size);
        Amount = Grow(Amount, size);
        Quantity = Grow(Quantity, size);
        Discount = Grow(Discount, size);
        Margin = Grow(Margin, size);
        Product = Grow(Product, size);
    }

    private T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        array.AsSpan(0, Count).CopyTo(grown);
        return grown;
    }
}
