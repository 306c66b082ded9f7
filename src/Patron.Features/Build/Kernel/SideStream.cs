using Patron.DuckDb;

namespace Patron.Features.Build.Kernel;

/// <summary>What <c>Sql/customer_side.sql</c> says of one customer; text values as codes of the stream's
/// <see cref="TextCodes"/>, -1 for none.</summary>
internal struct SideValues
{
    /// <summary>The registration date (days since 1970-01-01) when it is before the cutoff.</summary>
    public int? RegisteredDay;
    public int AgeBand;
    public int Country;
    public int Channel;
    public int EmailClass;
    public long? ReviewCount;
    public double? ReviewScoreMean;
    public double? LowReviewShare;
    public long? SessionCount;
    public double? SessionDurationMean;
    public double? ViewsPerSession;
    public double? SessionPurchaseRate;
    public long? DaysSinceLastSession;

    public static SideValues None => new() { AgeBand = -1, Country = -1, Channel = -1, EmailClass = -1 };
}

/// <summary>Where the kernel finds each customer's side values (<c>Sql/customer_side.sql</c>) and the codes of their
/// texts.</summary>
internal interface ISideSource
{
    TextCodes AgeBands { get; }

    TextCodes Countries { get; }

    TextCodes Channels { get; }

    TextCodes EmailClasses { get; }

    /// <summary>The values of <paramref name="customerId"/>, or <see cref="SideValues.None"/> when it has no row.</summary>
    SideValues Seek(ReadOnlySpan<byte> customerId);
}

/// <summary>Called with each row of the side stream, in customer_id order.</summary>
internal delegate void SideRowAction(ReadOnlySpan<byte> id, in SideValues values);

/// <summary>
/// Reads <c>Sql/customer_side.sql</c> (one row per customer, sorted by customer_id) alongside the rows of
/// <c>customer_rows.sql</c>, which come in the same order, so each customer's attributes, reviews and sessions are found by
/// moving forward only: no lookup table of every customer is held.
/// </summary>
internal sealed class SideStream : ISideSource, IDisposable
{
    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private readonly DuckDbReader _reader;
    private readonly DuckDbColumn?[] _columns = new DuckDbColumn?[14];
    private byte[] _ids = new byte[1 << 15];
    private readonly int[] _idStart = new int[FeatureBlock.Capacity + 1];
    private byte[] _previous = [];
    private int _row;
    private int _rows;
    private bool _done;

    public SideStream(DuckDbReader reader)
    {
        _reader = reader;
        Load();
    }

    public TextCodes AgeBands { get; } = new();

    public TextCodes Countries { get; } = new();

    public TextCodes Channels { get; } = new();

    public TextCodes EmailClasses { get; } = new();

    /// <summary>Moves to <paramref name="customerId"/> (ids must be asked for in increasing order) and returns its
    /// values, or <see cref="SideValues.None"/> when the customer has no row.</summary>
    public SideValues Seek(ReadOnlySpan<byte> customerId)
    {
        while (!_done)
        {
            var order = Id(_row).SequenceCompareTo(customerId);
            if (order > 0)
            {
                break;
            }

            if (order == 0)
            {
                return Values(_row);
            }

            Advance();
        }

        return SideValues.None;
    }

    /// <summary>Hands every remaining row to <paramref name="row"/>, in order (for a caller that keeps them all).</summary>
    public void ReadAll(SideRowAction row)
    {
        while (!_done)
        {
            var values = Values(_row);
            row(Id(_row), values);
            Advance();
        }
    }

    public void Dispose() => _reader.Dispose();

    private ReadOnlySpan<byte> Id(int row) => _ids.AsSpan(_idStart[row], _idStart[row + 1] - _idStart[row]);

    private SideValues Values(int r)
    {
        var c = _columns;
        return new SideValues
        {
            RegisteredDay = c[1]!.IsNull(r) ? null : c[1]!.GetDate(r).DayNumber - EpochDay,
            AgeBand = AgeBands.Code(Text(c[2]!, r)),
            Country = Countries.Code(Text(c[3]!, r)),
            Channel = Channels.Code(Text(c[4]!, r)),
            EmailClass = EmailClasses.Code(Text(c[5]!, r)),
            ReviewCount = c[6]!.IsNull(r) ? null : c[6]!.GetInt64(r),
            ReviewScoreMean = Real(c[7]!, r),
            LowReviewShare = Real(c[8]!, r),
            SessionCount = c[9]!.IsNull(r) ? null : c[9]!.GetInt64(r),
            SessionDurationMean = Real(c[10]!, r),
            ViewsPerSession = Real(c[11]!, r),
            SessionPurchaseRate = Real(c[12]!, r),
            DaysSinceLastSession = c[13]!.IsNull(r) ? null : c[13]!.GetInt64(r),
        };
    }

    private void Advance()
    {
        var current = Id(_row);
        if (_previous.Length < current.Length)
        {
            _previous = new byte[Math.Max(current.Length, 64)];
        }

        current.CopyTo(_previous);
        var previousLength = current.Length;
        if (++_row == _rows)
        {
            Load();
        }

        if (!_done && Id(_row).SequenceCompareTo(_previous.AsSpan(0, previousLength)) <= 0)
        {
            throw new InvalidOperationException("customer_side.sql returned customer ids out of order or twice; the kernel needs them strictly increasing.");
        }
    }

    private void Load()
    {
        _row = 0;
        if (!_reader.NextChunk())
        {
            _done = true;
            _rows = 0;
            return;
        }

        _rows = _reader.RowCount;
        var ids = _reader.Vector(0);
        var at = 0;
        for (var r = 0; r < _rows; r++)
        {
            var id = ids.Utf8(r);
            if (at + id.Length > _ids.Length)
            {
                Array.Resize(ref _ids, Math.Max(_ids.Length * 2, at + id.Length));
            }

            _idStart[r] = at;
            id.CopyTo(_ids.AsSpan(at));
            at += id.Length;
        }

        _idStart[_rows] = at;
        for (var i = 1; i < _columns.Length; i++)
        {
            _columns[i] = _reader.Column(i);
        }
    }

    private static string? Text(DuckDbColumn column, int row) => column.IsNull(row) ? null : column.GetString(row);

    private static double? Real(DuckDbColumn column, int row) => column.IsNull(row) ? null : column.GetDouble(row);
}
