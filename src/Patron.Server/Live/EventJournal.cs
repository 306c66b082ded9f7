using System.Buffers.Binary;
using System.Threading.Channels;
using Patron.Warehouse.Sources.Events;

namespace Patron.Server.Live;

/// <summary>
/// The durable record of accepted events: an append-only file of records, each a request's events under a sequence
/// number, written and flushed to disk (fsync) before the request hears 202. Requests arriving together share one
/// write and one flush (group commit). The warehouse takes the records later, in larger groups, and notes the last
/// sequence it holds in the same transaction; after a crash the records past that note are applied again.
/// </summary>
/// <remarks>
/// A record is <c>[length: uint32 LE][crc32 of the body: uint32 LE][body]</c>, the body <c>[sequence: int64 LE]</c>
/// followed by the events (<see cref="EventCodec"/>). Reading stops at the first record that is cut short, fails its
/// checksum or does not continue the sequence: a write torn by a crash (never acknowledged, since the flush comes
/// before the 202), which is cut off the file. Thread-safe: appends queue and wait for their flush.
/// </remarks>
internal sealed class EventJournal : IDisposable
{
    /// <summary>The largest record read back; a length above it is damage, not a record.</summary>
    private const int MaxRecord = 512 * 1024 * 1024;

    /// <summary>Most records written under one flush.</summary>
    private const int GroupLimit = 8_192;

    private readonly FileStream _file;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<long, EventBatch> _journaled;
    private readonly long _compactBytes;
    private long _last;
    private long _applied;
    private Thread? _loop;

    private EventJournal(FileStream file, long last, Action<long, EventBatch> journaled, long compactBytes)
    {
        _file = file;
        _last = last;
        _journaled = journaled;
        _compactBytes = compactBytes;
    }

    /// <summary>The file.</summary>
    public string Path => _file.Name;

    /// <summary>The last sequence written.</summary>
    public long Last => Interlocked.Read(ref _last);

    /// <summary>Flushes (fsyncs) so far: one per group of records written together.</summary>
    public long Flushes { get; private set; }

    /// <summary>Bytes cut off the end at the open (a torn record), 0 when the file was whole.</summary>
    public long TornBytes { get; private init; }

    /// <summary>Opens (or creates) the journal at <paramref name="path"/> and reads its records; a torn tail is cut off.
    /// <paramref name="journaled"/> hears each record appended from now on, in sequence order, once it is on disk and
    /// before its writer hears of it. Sequences go on from the largest of the file's last one and <paramref name="floor"/>
    /// (the warehouse's last applied sequence: the file may have been emptied since).</summary>
    public static EventJournal Open(string path, long floor, Action<long, EventBatch> journaled, out List<(long Sequence, EventBatch Batch)> records, long compactBytes = 64L * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(journaled);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.None);
        try
        {
            records = [];
            var good = Read(file, records);
            var torn = file.Length - good;
            if (torn > 0)
            {
                file.SetLength(good);
                file.Flush(flushToDisk: true);
            }

            file.Seek(0, SeekOrigin.End);
            var last = records.Count > 0 ? Math.Max(records[^1].Sequence, floor) : floor;
            return new EventJournal(file, last, journaled, compactBytes) { TornBytes = torn, _applied = floor };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Starts taking appends, on a thread of its own: its writes and flushes block, and a blocked pool thread
    /// would starve the requests of a small machine.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }

        _loop = new Thread(WriteLoop) { IsBackground = true, Name = "patron-event-journal" };
        _loop.Start();
    }

    /// <summary>Tells the journal that the warehouse holds every record up to <paramref name="sequence"/>: once it holds
    /// all, a file grown past the compaction size is emptied before the next write.</summary>
    public void Applied(long sequence)
    {
        var seen = Interlocked.Read(ref _applied);
        while (sequence > seen)
        {
            var was = Interlocked.CompareExchange(ref _applied, sequence, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>Writes <paramref name="batch"/> as the next record; completes with its sequence once it is on disk.</summary>
    public async Task<long> AppendAsync(EventBatch batch)
    {
        var pending = new Pending(batch, EventCodec.Encode(batch));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new IOException("The event journal is closed.");
        }

        return await pending.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking appends; those queued are refused.</summary>
    public void Dispose()
    {
        _pending.Writer.TryComplete();
        try
        {
            _loop?.Join(TimeSpan.FromSeconds(10));
        }
        catch (ThreadStateException)
        {
            // Never started.
        }

        while (_pending.Reader.TryRead(out var left))
        {
            left.Done.TrySetException(new IOException("The event journal is closed."));
        }

        _file.Dispose();
    }

    private void WriteLoop()
    {
        var group = new List<Pending>(GroupLimit);
        var header = new byte[16];
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < GroupLimit && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            var start = _file.Length;
            var last = Interlocked.Read(ref _last);
            try
            {
                if (start > _compactBytes && Interlocked.Read(ref _applied) >= last)
                {
                    // The warehouse holds every record: the file starts again empty (sequences go on).
                    _file.SetLength(0);
                    _file.Flush(flushToDisk: true);
                    start = 0;
                }

                _file.Seek(start, SeekOrigin.Begin);
                foreach (var pending in group)
                {
                    pending.Sequence = ++last;
                    BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), pending.Sequence);
                    var crc = Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Start, header.AsSpan(8, 8)), pending.Body));
                    BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(8 + pending.Body.Length));
                    BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), crc);
                    _file.Write(header);
                    _file.Write(pending.Body);
                }

                _file.Flush(flushToDisk: true);
                Flushes++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing of the group is acknowledged: cut what was written, so a replay cannot find it.
                try
                {
                    _file.SetLength(start);
                    _file.Flush(flushToDisk: true);
                }
                catch (IOException)
                {
                    // The file stays as it is; a record that is whole there may be applied at the next start, which a
                    // 503 allows (sending the events again is safe: an order id counts once).
                }

                foreach (var pending in group)
                {
                    pending.Done.TrySetException(new IOException("The event journal could not be written: " + ex.Message, ex));
                }

                continue;
            }

            Interlocked.Exchange(ref _last, last);
            foreach (var pending in group)
            {
                _journaled(pending.Sequence, pending.Batch);
                pending.Done.TrySetResult(pending.Sequence);
            }
        }
    }

    /// <summary>Reads the whole records from the start of <paramref name="file"/>; returns the length they span.</summary>
    private static long Read(FileStream file, List<(long Sequence, EventBatch Batch)> records)
    {
        file.Seek(0, SeekOrigin.Begin);
        var header = new byte[8];
        long good = 0;
        var previous = long.MinValue;
        while (true)
        {
            if (file.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
            {
                return good;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length < 8 || length > MaxRecord || length > file.Length - good - 8)
            {
                return good;
            }

            var body = new byte[length];
            if (file.ReadAtLeast(body, body.Length, throwOnEndOfStream: false) < body.Length || Crc32.Of(body) != crc)
            {
                return good;
            }

            var sequence = BinaryPrimitives.ReadInt64LittleEndian(body);
            if (sequence <= previous)
            {
                return good;
            }

            EventBatch batch;
            try
            {
                batch = EventCodec.Decode(body.AsSpan(8));
            }
            catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentException)
            {
                return good;
            }

            records.Add((sequence, batch));
            previous = sequence;
            good += 8 + length;
        }
    }

    private sealed class Pending(EventBatch batch, byte[] body)
    {
        public EventBatch Batch { get; } = batch;

        public byte[] Body { get; } = body;

        public long Sequence { get; set; }

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
