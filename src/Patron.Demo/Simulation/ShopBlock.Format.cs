using Patron.Demo.Output;

namespace Patron.Demo.Simulation;

internal sealed partial class ShopBlock
{
    private const string RateFormat = "0.##########";

    /// <summary>customers.csv and truth/customers.csv rows of the block (no ids depend on other blocks).</summary>
    private void FormatCustomers()
    {
        var context = _context;
        var customers = Customers;
        var truth = TruthCustomers;
        for (var local = 0; local < CustomerCount; local++)
        {
            var number = FirstCustomer + local + 1;
            var defect = _customerDefect[local];
            customers.AppendId((byte)'C', number, 7);
            customers.Append((byte)',');
            customers.AppendDate(context.FirstDay + _registrationDay[local]);
            customers.Append((byte)',');
            if (defect != CustomerDefect.MissingAge)
            {
                customers.AppendInteger(_age[local]);
            }

            customers.Append((byte)',');
            if (defect != CustomerDefect.MissingCountry)
            {
                customers.Append(context.CountryBytes[_country[local]]);
            }

            customers.Append((byte)',');
            customers.Append(context.EmailDomainBytes[_emailDomain[local]]);
            customers.Append((byte)',');
            if (defect != CustomerDefect.MissingChannel)
            {
                customers.Append(context.ChannelBytes[_channel[local]]);
            }

            customers.Append((byte)'\n');

            truth.AppendId((byte)'C', number, 7);
            truth.Append((byte)',');
            truth.AppendDouble(_lambda[local], RateFormat);
            truth.Append((byte)',');
            truth.AppendDouble(_dropout[local], RateFormat);
            truth.Append((byte)',');
            var alive = _dropoutDay[local] < 0;
            if (!alive)
            {
                truth.AppendDate(context.FirstDay + _dropoutDay[local]);
            }

            truth.Append(alive ? ",true,"u8 : ",false,"u8);
            truth.AppendCents((long)Math.Round(_spendLevel[local] * 100.0));
            truth.Append((byte)',');
            truth.AppendInteger(_futureOrders[local]);
            truth.Append((byte)',');
            truth.AppendCents((long)Math.Round(_futureSpend[local] * 100.0));
            truth.Append((byte)',');
            truth.Append(context.CategoryBytes[_favourites[local * FavouriteSlots]]);
            truth.Append((byte)'\n');
        }
    }

    /// <summary>
    /// transactions.csv and truth/future_transactions.csv rows, now that the block's first ids are known: new ids count
    /// up in file order, duplicates repeat the id of their source row.
    /// </summary>
    public void FormatTransactions(long firstId, long firstFutureId)
    {
        if (_ids.Length < _rows.Count)
        {
            _ids = new long[Math.Max(_rows.Count, _ids.Length * 2)];
        }

        var next = firstId;
        for (var i = 0; i < _rows.Count; i++)
        {
            ref var row = ref _rows[i];
            var id = row.SourceRow >= 0 ? _ids[row.SourceRow] : next++;
            _ids[i] = id;
            AppendRow(Transactions, ref row, id);
        }

        FormatFuture(firstFutureId);
    }

    /// <summary>truth/future_transactions.csv rows (generic format, whatever the history's format).</summary>
    public void FormatFuture(long firstFutureId)
    {
        for (var i = 0; i < _future.Count; i++)
        {
            AppendRow(FutureTransactions, ref _future[i], firstFutureId + i);
        }
    }

    private void AppendRow(ByteBuffer buffer, ref TransactionRow row, long id)
    {
        buffer.AppendId((byte)'T', id, 9);
        buffer.Append((byte)',');
        buffer.AppendId((byte)'C', row.CustomerNumber, 7);
        buffer.Append((byte)',');
        buffer.AppendId((byte)'P', row.ProductNumber, 5);
        buffer.Append((byte)',');
        buffer.AppendInteger(row.Quantity);
        buffer.Append((byte)',');
        buffer.AppendCents(row.PriceCents);
        buffer.Append((byte)',');
        buffer.AppendHundredths(row.DiscountHundredths);
        buffer.Append((byte)',');
        buffer.AppendTimestamp(row.Timestamp);
        buffer.Append((byte)',');
        if (row.Payment != TransactionRow.MissingPayment)
        {
            buffer.Append(_context.PaymentBytes[row.Payment]);
        }

        buffer.Append((byte)'\n');
    }
}
