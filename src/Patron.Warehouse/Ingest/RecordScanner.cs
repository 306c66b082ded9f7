using System.Globalization;

namespace Patron.Warehouse.Ingest;

/// <summary>
/// Counts the records of a delimited file the way DuckDB's reader splits them, and finds quote damage that would make
/// that reader swallow later rows into one field: a quoted field still open at the end of the file, or one that spans
/// a line break and is followed by more text after its closing quote (a stray quote that paired with a later one).
/// </summary>
/// <remarks>
/// A quote opens a quoted field only at the start of a field (elsewhere it is text, as DuckDB reads it); inside one,
/// a doubled quote is a quote. Records end at <c>\n</c>, <c>\r\n</c> or <c>\r</c> outside quotes; empty lines are not
/// records (DuckDB skips them). Fed in chunks of any size; not thread-safe.
/// </remarks>
internal sealed class RecordScanner
{
    private readonly byte _delimiter;
    private readonly bool _quotes;
    private State _state = State.FieldStart;
    private bool _recordHasContent;
    private bool _quotedSpansLines;
    private bool _lastWasCr;
    private long _quoteOpenedAt;

    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="quotes">Whether <c>"</c> quotes fields (false for whitespace-separated files, whose blank lines are not records).</param>
    public RecordScanner(char delimiter, bool quotes)
    {
        _delimiter = checked((byte)delimiter);
        _quotes = quotes;
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
        AfterClosingQuote,
    }

    /// <summary>Non-empty records seen so far, the header included.</summary>
    public long Records { get; private set; }

    /// <summary>Physical line the scanner is on (1-based).</summary>
    public long Line { get; private set; } = 1;

    /// <summary>The first quote damage found: the line where the damaged field opened, and what is wrong; null when none.</summary>
    public (long Line, string Reason)? Damage { get; private set; }

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            var b = chunk[i];
            if (_lastWasCr)
            {
                _lastWasCr = false;
                if (b == (byte)'\n')
                {
                    continue;
                }
            }

            switch (_state)
            {
                case State.Quoted:
                    if (b == (byte)'"')
                    {
                        _state = State.QuoteInQuoted;
                    }
                    else if (b is (byte)'\n' or (byte)'\r')
                    {
                        _quotedSpansLines = true;
                        NewPhysicalLine(b);
                    }

                    continue;
                case State.QuoteInQuoted:
                    if (b == (byte)'"')
                    {
                        _state = State.Quoted;
                        continue;
                    }

                    _state = State.AfterClosingQuote;
                    break;
            }

            if (b is (byte)'\n' or (byte)'\r')
            {
                EndRecord();
                NewPhysicalLine(b);
                continue;
            }

            if (b == _delimiter)
            {
                _recordHasContent = true;
                _state = State.FieldStart;
                continue;
            }

            if (_state == State.AfterClosingQuote)
            {
                if (_quotedSpansLines && Damage is null)
                {
                    Damage = (_quoteOpenedAt, "a quoted field opens here and runs over several lines into text that follows its closing quote: "
                        + "a stray or unbalanced quote (DuckDB would read the following rows as part of this field)");
                }

                _state = State.Unquoted;
                continue;
            }

            if (!_quotes && b is (byte)' ' or (byte)'\t' && !_recordHasContent)
            {
                // Leading blanks of a whitespace-separated line: a line of blanks only is not a record.
                continue;
            }

            _recordHasContent = true;
            if (_state == State.FieldStart && _quotes && b == (byte)'"')
            {
                _state = State.Quoted;
                _quotedSpansLines = false;
                _quoteOpenedAt = Line;
            }
            else
            {
                _state = State.Unquoted;
            }
        }
    }

    /// <summary>Ends the scan: counts a last record without a line break and flags a quote still open.</summary>
    public void Finish()
    {
        if (_state == State.Quoted && Damage is null)
        {
            Damage = (_quoteOpenedAt, "a quoted field opens here and never closes: an unbalanced quote (DuckDB would read the rest of the file as this one field)");
        }

        if (_state == State.QuoteInQuoted)
        {
            _state = State.AfterClosingQuote;
        }

        EndRecord();
    }

    /// <summary>The damage as a message naming the file, for refusing it.</summary>
    public InputException? DamageError(string displayName) => Damage is { } damage
        ? new InputException(displayName, damage.Line, null,
            string.Create(CultureInfo.InvariantCulture, $"{damage.Reason}; nothing was loaded from this file. Fix or remove the quote and ingest again"))
        : null;

    private void NewPhysicalLine(byte b)
    {
        Line++;
        _lastWasCr = b == (byte)'\r';
    }

    private void EndRecord()
    {
        if (_recordHasContent || _state != State.FieldStart)
        {
            Records++;
        }

        _recordHasContent = false;
        _state = State.FieldStart;
    }
}
