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

    /// <summary>Whether runs of plain bytes are skipped by a vectorized search (<see cref="Feed"/>): for quoted files
    /// whose delimiter is none of the bytes searched for.</summary>
    private readonly bool _fastRuns;
    private State _state = State.FieldStart;
    private bool _recordHasContent;
    private bool _quotedSpansLines;
    private bool _lastWasCr;
    private long _quoteOpenedAt;

    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="quotes">Whether <c>"</c> quotes fields (false for whitespace-separated files, whose blank lines are not records).</param>
    public RecordScanner(char delimiter, bool quotes)
        : this(delimiter, quotes, skipRuns: true)
    {
    }

    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="quotes">Whether <c>"</c> quotes fields.</param>
    /// <param name="skipRuns">Whether runs of plain bytes may be skipped by a vectorized search (false: every byte goes
    /// through the state machine, the reference the tests compare the skipping scanner with).</param>
    internal RecordScanner(char delimiter, bool quotes, bool skipRuns)
    {
        _delimiter = checked((byte)delimiter);
        _quotes = quotes;
        _fastRuns = skipRuns && quotes && delimiter is not ('"' or '\n' or '\r');
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
        var i = 0;
        while (i < chunk.Length)
        {
            // Between two quotes or line breaks nothing but the delimiter matters, and only for the state it leaves: a
            // run of such bytes is skipped in one vectorized search instead of byte by byte (most of a file's bytes).
            if (_fastRuns && !_lastWasCr && _state is (State.FieldStart or State.Unquoted or State.Quoted))
            {
                var next = chunk[i..].IndexOfAny((byte)'"', (byte)'\n', (byte)'\r');
                var run = next < 0 ? chunk.Length - i : next;
                if (run > 0)
                {
                    if (_state != State.Quoted)
                    {
                        // Inside a record, outside quotes: any byte gives the record content, and the run's last byte
                        // tells whether a field starts after it (a quote there would open a quoted field).
                        _recordHasContent = true;
                        _state = chunk[i + run - 1] == _delimiter ? State.FieldStart : State.Unquoted;
                    }

                    i += run;
                    continue;
                }
            }

            Step(chunk[i]);
            i++;
        }
    }

    /// <summary>One byte through the state machine.</summary>
    private void Step(byte b)
    {
        if (_lastWasCr)
        {
            _lastWasCr = false;
            if (b == (byte)'\n')
            {
                return;
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

                return;
            case State.QuoteInQuoted:
                if (b == (byte)'"')
                {
                    _state = State.Quoted;
                    return;
                }

                _state = State.AfterClosingQuote;
                break;
        }

        if (b is (byte)'\n' or (byte)'\r')
        {
            EndRecord();
            NewPhysicalLine(b);
            return;
        }

        if (b == _delimiter)
        {
            _recordHasContent = true;
            _state = State.FieldStart;
            return;
        }

        if (_state == State.AfterClosingQuote)
        {
            if (_quotedSpansLines && Damage is null)
            {
                Damage = (_quoteOpenedAt, "a quoted field opens here and runs over several lines into text that follows its closing quote: "
                    + "a stray or unbalanced quote (DuckDB would read the following rows as part of this field)");
            }

            _state = State.Unquoted;
            return;
        }

        if (!_quotes && b is (byte)' ' or (byte)'\t' && !_recordHasContent)
        {
            // Leading blanks of a whitespace-separated line: a line of blanks only is not a record.
            return;
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
