using Patron.Demo.Output;
using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

internal sealed partial class ShopBlock
{
    /// <summary>Mean number of further lines on an invoice besides the simulated purchase (Poisson).</summary>
    private const double ExtraLinesMean = 2.0;

    private const int MaxExtraLines = 30;

    /// <summary>Share of invoices written without a CustomerID (guest checkouts, lost accounts).</summary>
    private const double AnonymousInvoiceShare = 0.08;

    /// <summary>Share of invoices outside the home market with a postage line.</summary>
    private const double PostageShare = 0.4;

    /// <summary>Share of anonymous invoices with a DOTCOM postage line.</summary>
    private const double DotcomPostageShare = 0.5;

    /// <summary>Share of invoices with a manual adjustment line.</summary>
    private const double ManualShare = 0.003;

    private static ReadOnlySpan<byte> Postage => ",POST,POSTAGE,"u8;

    private static ReadOnlySpan<byte> DotcomPostage => ",DOT,DOTCOM POSTAGE,"u8;

    private static ReadOnlySpan<byte> Manual => ",M,Manual,"u8;

    /// <summary>online_retail.csv lines written by <see cref="FormatOnlineRetail"/>.</summary>
    public int RetailLines { get; private set; }

    /// <summary>
    /// The block's history as Online Retail invoice lines, now that its first transaction id is known. Each simulated
    /// transaction is one invoice (InvoiceNo = 536365 + id − 1; returns are <c>C</c> invoices with negative
    /// quantities); a purchase invoice gets further lines from the product's category, a postage line outside the
    /// home market, now and then a manual adjustment; some invoices have no CustomerID. Prices follow each product's
    /// one price change; a customer who moved is written with the new country from the day of the move.
    /// </summary>
    public void FormatOnlineRetail(long firstId)
    {
        if (_ids.Length < _rows.Count)
        {
            _ids = new long[Math.Max(_rows.Count, _ids.Length * 2)];
        }

        var context = _context;
        var retail = context.Retail!;
        var catalog = context.Catalog;
        var buffer = Transactions;
        var rng = new Xoshiro256StarStar(SplitMix64.Derive(context.Seed, ShopContext.RetailStream, (ulong)_blockIndex));
        var next = firstId;
        var lines = 0;
        Span<int> onInvoice = stackalloc int[MaxExtraLines + 1];
        for (var i = 0; i < _rows.Count; i++)
        {
            ref var row = ref _rows[i];
            var duplicate = row.SourceRow >= 0;
            var id = duplicate ? _ids[row.SourceRow] : next++;
            _ids[i] = id;
            var invoice = RetailCatalog.FirstInvoice + id - 1;
            var day = (int)Math.Floor((row.Timestamp - context.FirstSecond) / (double)CivilCalendar.SecondsPerDay);
            var minute = row.Timestamp - (((row.Timestamp % 60) + 60) % 60);
            var local = row.CustomerNumber - 1 - FirstCustomer;
            var country = retail.UnitedKingdom;
            if (local >= 0 && local < CustomerCount)
            {
                var (moveDay, moved) = retail.Move(row.CustomerNumber, _country[local]);
                country = day >= moveDay ? moved : _country[local];
            }

            var anonymous = rng.NextDouble() < AnonymousInvoiceShare;
            var customerId = anonymous ? -1 : RetailCatalog.CustomerIdBase + row.CustomerNumber;
            var product = row.ProductNumber - 1;
            var cancellation = row.Quantity < 0;
            AppendRetailLine(buffer, retail, invoice, cancellation, product, row.ProductNumber, row.Quantity,
                minute, retail.PriceOn(product, day, row.PriceCents), customerId, country);
            lines++;
            if (row.Kind != RowKind.Purchase || duplicate)
            {
                continue;
            }

            var value = row.Quantity * (long)row.PriceCents;
            var extra = Math.Min(MaxExtraLines, Sampling.Poisson(ref rng, ExtraLinesMean));
            onInvoice[0] = product;
            var distinct = 1;
            for (var e = 0; e < extra; e++)
            {
                var other = PickOther(ref rng, catalog, catalog.Category[product], onInvoice[..distinct]);
                if (other < 0)
                {
                    continue;
                }

                onInvoice[distinct++] = other;
                var quantity = 1 + Sampling.FromCumulative(ref rng, context.QuantityCumulative);
                var price = retail.PriceOn(other, day, NaturalPrice(ref rng, catalog.BaseCents[other]));
                value += quantity * (long)price;
                AppendRetailLine(buffer, retail, invoice, false, other, other + 1, quantity, minute, price, customerId, country);
                lines++;
            }

            if (anonymous ? rng.NextDouble() < DotcomPostageShare : country != retail.UnitedKingdom && rng.NextDouble() < PostageShare)
            {
                var fee = anonymous ? Math.Max(50, (int)(value * (0.02 + 0.1 * rng.NextDouble()))) : (rng.NextDouble() < 0.7 ? 1800 : 1500);
                AppendFeeLine(buffer, anonymous ? DotcomPostage : Postage, invoice, anonymous ? 1 : 1 + rng.NextInt(3), minute, fee, customerId, country, retail);
                lines++;
            }

            if (rng.NextDouble() < ManualShare)
            {
                AppendFeeLine(buffer, Manual, invoice, 1, minute, Math.Max(1, (int)Math.Round(Sampling.LogNormal(ref rng, Math.Log(500.0), 1.0))), customerId, country, retail);
                lines++;
            }
        }

        RetailLines = lines;
    }

    /// <summary>A popular product of the category not yet on the invoice (three tries), or −1.</summary>
    private static int PickOther(ref Xoshiro256StarStar rng, Catalog.ProductCatalog catalog, int category, ReadOnlySpan<int> taken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var other = catalog.PickInCategory(ref rng, category);
            if (!taken.Contains(other))
            {
                return other;
            }
        }

        return -1;
    }

    private static void AppendRetailLine(
        ByteBuffer buffer, RetailCatalog retail, long invoice, bool cancellation, int product, int productNumber, int quantity,
        long minute, int priceCents, long customerId, int country)
    {
        if (cancellation)
        {
            buffer.Append((byte)'C');
        }

        buffer.AppendInteger(invoice);
        buffer.Append((byte)',');
        if (product >= 0 && product < retail.StockCodes.Length)
        {
            buffer.Append(retail.StockCodes[product]);
            buffer.Append((byte)',');
            buffer.Append(retail.Descriptions[product]);
        }
        else
        {
            // A product outside the catalog (an injected orphan): a code no other line uses and no description.
            buffer.Append(System.Text.Encoding.ASCII.GetBytes(RetailCatalog.StockCode(productNumber)));
            buffer.Append((byte)',');
        }

        buffer.Append((byte)',');
        AppendRetailTail(buffer, quantity, minute, priceCents, customerId, retail.Countries[country]);
    }

    private static void AppendFeeLine(ByteBuffer buffer, ReadOnlySpan<byte> codeAndDescription, long invoice, int quantity, long minute, int priceCents, long customerId, int country, RetailCatalog retail)
    {
        buffer.AppendInteger(invoice);
        buffer.Append(codeAndDescription);
        AppendRetailTail(buffer, quantity, minute, priceCents, customerId, retail.Countries[country]);
    }

    /// <summary>Quantity, InvoiceDate (minutes, as the UCI file), UnitPrice (shortest form with one decimal at least), CustomerID, Country.</summary>
    private static void AppendRetailTail(ByteBuffer buffer, int quantity, long minute, int priceCents, long customerId, byte[] country)
    {
        buffer.AppendInteger(quantity);
        buffer.Append((byte)',');
        buffer.AppendTimestamp(minute);
        buffer.Append((byte)',');
        buffer.AppendDouble(priceCents / 100.0, "0.0#");
        buffer.Append((byte)',');
        if (customerId >= 0)
        {
            buffer.AppendInteger(customerId);
        }

        buffer.Append((byte)',');
        buffer.Append(country);
        buffer.Append((byte)'\n');
    }
}
