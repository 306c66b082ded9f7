using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Patron.DuckDb;
using Patron.Features.Live;
using Patron.Server.Contracts;
using Patron.Server.Hosting;
using Patron.Server.Store;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources;
using Patron.Warehouse.Sources.Events;

namespace Patron.Server.Live;

/// <summary>
/// The live half of the server (<c>--db</c>): a commit loop owns the warehouse's write connection and takes, in turn,
/// batches of posted events (every request waiting at that moment, committed together: one transaction, so one log
/// write, for many requests) and files dropped into the watched folder. Each batch goes through the warehouse's ingest
/// (bronze, then the shared silver rules) and is committed before its requests hear 202. An update loop, on a second
/// connection, then recomputes the customers it touched from their own rows at the live as-of date, re-scores them with
/// the run's models and replaces their profiles, while the commit loop already commits the next batch; the update loop
/// takes together every batch committed since its last update, so a slow update makes the next one larger, not later.
/// </summary>
/// <remarks>
/// The live as-of date is the day after the latest event time seen (never before the run's scoring cutoff): features
/// use the rows strictly before it, as a batch build of that cutoff would. After a restart the worker reads back from
/// the warehouse which customers events touched and the latest event time, and recomputes them before taking new
/// events, so what was committed is what is served. Thread-safe: requests only enqueue and wait.
/// </remarks>
internal sealed partial class LiveService : BackgroundService
{
    /// <summary>Most requests committed together.</summary>
    private const int GroupLimit = 4_096;

    /// <summary>Most orders a fast round takes (it takes at least one request): a backlog drains in rounds of this size,
    /// whose allocations die young, instead of in one large round whose GC pauses grow with it (about 0.1 ms an order in
    /// rounds of 100 against 0.25–0.9 ms in rounds of 4,096 at 2.1M customers, docs/live.md).</summary>
    internal const int FastRoundOrders = 256;

    private const int ComputeChunk = 1_000;

    /// <summary>Most customers one update takes from the batches committed since the last.</summary>
    private const int MergeLimit = 8_192;

    private readonly ServeOptions _options;
    private readonly SnapshotHolder _holder;
    private readonly LiveProfiles _profiles;
    private readonly IProfileStore _store;
    private readonly ILogger<LiveService> _logger;
    private readonly WarehouseInstance _warehouse;
    private readonly JsonSerializerOptions _json;
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Update> _updates = Channel.CreateUnbounded<Update>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventBatches _batches = new();
    private readonly Ingestor _ingestor = new();

    /// <summary>The durable record of accepted events (open once the service is ready).</summary>
    private EventJournal? _journal;

    /// <summary>Every customer events touched (the update loop's alone once the loops run).</summary>
    private readonly SortedSet<string> _touched = new(StringComparer.Ordinal);
    private DuckDbConnection? _connection;
    private DuckDbConnection? _readConnection;

    /// <summary>The day of the latest event time seen (<see cref="DateOnly.DayNumber"/>, -1 for none): written by the
    /// commit loop, read by the update loop and by requests.</summary>
    private int _latestDay = -1;

    /// <summary>The run version the update loop last recomputed every touched customer on.</summary>
    private string? _builtOn;

    /// <summary>The run version the commit loop last asked the update loop to recompute on.</summary>
    private string? _refreshAsked;
    private long _batchNumber;
    private readonly LiveWindow _window = new(TimeProvider.System);

    /// <summary>Ingests that began rewriting stored silver rows (a full resolution, or a dropped folder), counted before
    /// anything is rewritten: rows kept in memory hold only while it is what it was at their snapshot.</summary>
    private long _rewrites;

    /// <summary>Every customer's feature rows in memory (the update loop's), or null while none fits.</summary>
    private LiveRowStore? _rows;

    /// <summary><see cref="_rewrites"/> before <see cref="_rows"/>'s snapshot.</summary>
    private long _rowsRewrites;
    private Task<(LiveRowStore Rows, long Rewrites)>? _loading;
    private long _loadStarted = long.MinValue;
    private long _updatesFromRows;
    private long _updatesFromWarehouse;

    /// <summary>Guards <see cref="_rows"/> and <see cref="_fast"/>: the update loop's merges and computations and the
    /// fast loop's (never held while the warehouse is read).</summary>
    private readonly Lock _live = new();

    /// <summary>Posted orders applied to the rows in memory straight from the journal (under <see cref="_live"/>).</summary>
    private LiveFastPath? _fast;

    private long _fastRounds;
    private int _largestFastRound;

    /// <summary>Journaled requests for the fast loop, in sequence order.</summary>
    private readonly Channel<(long Sequence, EventBatch Batch)> _fastJobs = Channel.CreateUnbounded<(long, EventBatch)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Each computation of profiles takes the next stamp under <see cref="_live"/>; a profile is published only
    /// over an older one, so a slow update never replaces what a later fast round computed.</summary>
    private long _stamp;
    private readonly Dictionary<string, long> _stamps = new(StringComparer.Ordinal);

    /// <summary>The values each live profile was last built from (under <see cref="_publish"/>): the warehouse's update
    /// of a customer the fast path already showed usually finds the same values, and then neither re-scores nor
    /// republishes.</summary>
    private readonly Dictionary<string, (string Version, byte[] Values)> _published = new(StringComparer.Ordinal);
    private readonly Lock _publish = new();

    public LiveService(ServeOptions options, SnapshotHolder holder, LiveProfiles profiles, IProfileStore store, IOptions<JsonOptions> json, WarehouseInstance warehouse, ILogger<LiveService> logger)
    {
        _warehouse = warehouse;
        _options = options;
        _holder = holder;
        _profiles = profiles;
        _store = store;
        _logger = logger;
        _json = json.Value.SerializerOptions;
    }

    /// <summary>Whether the server takes events (started with <c>--db</c>).</summary>
    public bool Enabled => _options.Db is not null;

    /// <summary>Completes once the warehouse is open and the live state rebuilt.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Updates whose features came from the rows in memory (<see cref="LiveRowStore"/>).</summary>
    internal long UpdatesFromRows => Interlocked.Read(ref _updatesFromRows);

    /// <summary>Updates whose features were read from the warehouse because no rows in memory fitted
    /// (<see cref="LiveFeatures.Compute"/>: scans of the shop's silver tables).</summary>
    internal long UpdatesFromWarehouse => Interlocked.Read(ref _updatesFromWarehouse);

    /// <summary>Orders applied to the profiles straight from the journal (the fast path), so far.</summary>
    internal long FastApplied
    {
        get
        {
            lock (_live)
            {
                return _fast?.Applied ?? 0;
            }
        }
    }

    /// <summary>Open (the default) lets the commit loop take journaled events into the warehouse; tests reset it to
    /// hold the warehouse's side while the fast path runs, and set it again to let the warehouse catch up.</summary>
    internal ManualResetEventSlim CommitGate { get; } = new(initialState: true);

    /// <summary>Open (the default) lets the fast loop take journaled requests; tests reset it to let requests queue up
    /// for it.</summary>
    internal ManualResetEventSlim FastGate { get; } = new(initialState: true);

    /// <summary>Fast rounds run so far.</summary>
    internal long FastRounds => Interlocked.Read(ref _fastRounds);

    /// <summary>The most orders one fast round took so far.</summary>
    internal int LargestFastRound => Volatile.Read(ref _largestFastRound);

    /// <summary>The live as-of date, or null before the first run is loaded.</summary>
    public DateOnly? AsOf => _holder.Current is { } snapshot ? LiveDay(snapshot) : null;

    /// <summary>The journal of accepted events, once the service is ready.</summary>
    internal EventJournal? Journal => _journal;

    /// <summary>Writes a request's events to the journal; completes once they are on disk (the warehouse takes them
    /// afterwards: <see cref="Batch"/> tells when, and what the silver rules said). Throws <see cref="IOException"/>
    /// when the journal could not be written.</summary>
    public async Task<EventsAccepted> AppendAsync(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var journal = _journal ?? throw new IOException("The event journal is not open.");
        var sequence = await journal.AppendAsync(batch).ConfigureAwait(false);
        return new EventsAccepted(sequence, "accepted", StatusUrl(sequence), batch.Orders.Count, batch.Customers.Count, batch.Sessions.Count);
    }

    /// <summary>The state of a posted batch, or null when no batch of that number was accepted.</summary>
    public EventBatchState? Batch(long sequence) => _journal is { } journal ? _batches.Find(sequence, journal.Last) : null;

    /// <summary>Where a batch's state is read.</summary>
    public static string StatusUrl(long sequence) => "/api/events/" + sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Ingests a dropped file or folder with the source it is detected as; completes once committed.</summary>
    public async Task<IngestResult> IngestAsync(string path, CancellationToken cancellation)
    {
        var job = new FolderJob(path);
        await _jobs.Writer.WriteAsync(job, cancellation).ConfigureAwait(false);
        return await job.Done.Task.ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Db is not { } db)
        {
            _ready.TrySetResult();
            return;
        }

        await Task.Yield();
        try
        {
            _connection = _warehouse.Connect();
            _readConnection = _warehouse.Connect();
            WarehouseSchema.Ensure(_connection);
            CleanSpool();
            _fast = new LiveFastPath(new EventsSource().ShopOpened);
            OpenJournal(stoppingToken);
            while (_holder.Current is null && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(50, stoppingToken).ConfigureAwait(false);
            }

            foreach (var id in EventHistory.Customers(_connection))
            {
                _touched.Add(id);
            }

            if (EventHistory.Latest(_connection) is { } latest)
            {
                Later(latest);
            }

            // The rows as of the day that events arriving now give (the day after today), or the live as-of date when later.
            var today = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
            var live = LiveDay(_holder.Current!);
            StartLoad(live > today ? live : today);
            try
            {
                await _loading!.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // TakeLoaded logs it; updates read the warehouse meanwhile.
            }

            TakeLoaded();
            WarmUp();
            await RefreshAllAsync().ConfigureAwait(false);
            _refreshAsked = _builtOn;
            LogLive(db, _touched.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _ready.TrySetException(ex);
            LogFailed(ex.Message);
            throw;
        }

        _journal!.Start();
        _ready.TrySetResult();
        var updates = Task.Run(() => UpdateLoopAsync(stoppingToken), CancellationToken.None);
        var fast = Task.Factory.StartNew(() => FastLoop(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            // On a thread of its own: a commit blocks for a while, and a blocked pool thread starves the requests.
            var commits = Task.Factory.StartNew(() => CommitLoop(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await commits.ConfigureAwait(false);
        }
        finally
        {
            _updates.Writer.TryComplete();
            _fastJobs.Writer.TryComplete();
            await updates.ConfigureAwait(false);
            await fast.ConfigureAwait(false);
        }
    }

    /// <summary>Takes posted events in groups and dropped files one by one, commits them and hands the customers they
    /// touched to the update loop.</summary>
    private void CommitLoop(CancellationToken stoppingToken)
    {
        Name("live-commit");
        var group = new List<EventJob>(GroupLimit);
        while (!stoppingToken.IsCancellationRequested)
        {
            Job? first;
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(TimeSpan.FromSeconds(1));
                // Waits on this thread (the loop's own), not on the pool.
                first = _jobs.Reader.ReadAsync(wait.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                first = null;
            }

            if (_holder.Current is { } current && !string.Equals(current.Version, _refreshAsked, StringComparison.Ordinal))
            {
                _refreshAsked = current.Version;
                _updates.Writer.TryWrite(new Update(null, Stopwatch.GetTimestamp()));
            }

            if (first is FolderJob folder)
            {
                RunFolder(folder);
                continue;
            }

            if (first is not EventJob events)
            {
                continue;
            }

            try
            {
                CommitGate.Wait(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            group.Clear();
            group.Add(events);
            while (group.Count < GroupLimit && _jobs.Reader.TryPeek(out var next) && next is EventJob && _jobs.Reader.TryRead(out var taken))
            {
                group.Add((EventJob)taken);
            }

            RunEvents(group, stoppingToken);
        }
    }

    /// <summary>Applies journaled requests to the profiles as they arrive, every request waiting at once, before the
    /// warehouse takes them (<see cref="LiveFastPath"/>).</summary>
    private void FastLoop(CancellationToken stoppingToken)
    {
        Name("live-fast");
        var batches = new List<(long Sequence, EventBatch Batch)>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_fastJobs.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                FastGate.Wait(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            batches.Clear();
            var orders = 0;
            while (orders < FastRoundOrders && _fastJobs.Reader.TryRead(out var job))
            {
                batches.Add(job);
                orders += Math.Max(1, job.Batch.Orders.Count);
            }

            Interlocked.Increment(ref _fastRounds);
            Volatile.Write(ref _largestFastRound, Math.Max(_largestFastRound, orders));

            try
            {
                RunFast(batches);
            }
            catch (Exception ex) when (ex is DuckDbException or IOException or InvalidOperationException)
            {
                // The events are journaled; the warehouse's path shows them.
                LogFastFailed(batches.Count, ex.Message);
            }
        }
    }

    private void RunFast(List<(long Sequence, EventBatch Batch)> batches)
    {
        var clock = Stopwatch.StartNew();
        var steps = new StepClock();
        var paused = GC.GetTotalPauseDuration();
        steps.Close("lock");
        var snapshot = _holder.Current;
        IReadOnlyDictionary<string, CustomerFeatureValues>? values = null;
        IReadOnlyCollection<string> touched;
        long stamp;
        long applied;
        long waited;
        lock (_live)
        {
            steps.Close("settle");
            var fast = _fast!;
            applied = fast.Applied;
            waited = fast.Waited;
            LiveRowStore? store = null;
            if (snapshot is not null && _rows is { } rows && _rowsRewrites == Volatile.Read(ref _rewrites))
            {
                // The day these events give (the update loop's as-of once they are committed) must be the rows' own.
                var latest = LiveDay(snapshot);
                foreach (var (_, batch) in batches)
                {
                    foreach (var order in batch.Orders)
                    {
                        var after = DateOnly.FromDateTime(order.OrderedAt).AddDays(1);
                        latest = after > latest ? after : latest;
                    }
                }

                store = latest == rows.Cutoff ? rows : null;
            }

            if (store is not null)
            {
                fast.Settle(store.JournalSequence);
            }

            touched = fast.Apply(store, batches, DateTime.UtcNow, steps);
            if (store is not null && touched.Count > 0)
            {
                values = store.Values(touched, fast, steps);
            }

            stamp = ++_stamp;
            applied = fast.Applied - applied;
            waited = fast.Waited - waited;
        }

        if (values is not null && snapshot is not null)
        {
            Publish(snapshot, touched, values, stamp, steps);
        }

        steps.Close("gc pauses (within the steps)");
        var gc = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
        var times = new Dictionary<string, double>(steps.Steps, StringComparer.Ordinal);
        times["gc pauses (within the steps)"] = gc;
        _window.Fast((int)applied, (int)waited, clock.Elapsed.TotalMilliseconds, times);
    }

    /// <summary>Names the loop's own thread (Linux shows the first 15 characters per thread in /proc, so a profile or
    /// <c>top -H</c> tells the loops' CPU apart).</summary>
    private static void Name(string name)
    {
        try
        {
            Thread.CurrentThread.Name ??= name;
        }
        catch (InvalidOperationException)
        {
            // Named before: the name stays.
        }
    }

    /// <summary>Runs the fast path's steps once on one customer, publishing nothing, so the first orders posted do not pay
    /// for the first calls (DuckDB's first plans, compiling, the churn model's contribution tables: over a second at
    /// 2.1M customers, while the orders behind them queue).</summary>
    private void WarmUp()
    {
        if (_holder.Current is not { } snapshot || snapshot.Customers.Ids.Count == 0)
        {
            return;
        }

        try
        {
            IReadOnlyDictionary<string, CustomerFeatureValues>? values = null;
            lock (_live)
            {
                _fast!.WarmUp();
                values = _rows?.Values([snapshot.Customers.Ids.IdAt(0)], null);
            }

            if (values is { Count: > 0 })
            {
                foreach (var profile in LiveProfileBuilder.Build(snapshot, [.. values.Values]))
                {
                    _ = JsonSerializer.SerializeToUtf8Bytes(profile, _json);
                }
            }
        }
        catch (Exception ex) when (ex is DuckDbException or IOException or InvalidOperationException)
        {
            LogFastFailed(0, ex.Message);
        }
    }

    /// <summary>Builds and publishes the profiles of <paramref name="ids"/> from <paramref name="values"/> (a customer
    /// without values loses its live profile: the run's is served again), unless a later computation published one.</summary>
    private Task Publish(RunSnapshot snapshot, IEnumerable<string> ids, IReadOnlyDictionary<string, CustomerFeatureValues> values, long stamp, StepClock? steps = null)
    {
        steps?.Close("unchanged profiles");
        var customers = new List<CustomerFeatureValues>(values.Count);
        var packed = new List<byte[]>(values.Count);
        var without = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(1_024);
        foreach (var id in ids)
        {
            if (!values.TryGetValue(id, out var row))
            {
                without.Add(id);
                continue;
            }

            buffer.ResetWrittenCount();
            PublishedValues.Write(row, buffer);
            lock (_publish)
            {
                if (!_published.TryGetValue(id, out var last) || !string.Equals(last.Version, snapshot.Version, StringComparison.Ordinal)
                    || !buffer.WrittenSpan.SequenceEqual(last.Values) || !Newer(id, stamp))
                {
                    // (A customer whose profile already shows these values takes the stamp and is left as it is.)
                    customers.Add(row);
                    packed.Add(buffer.WrittenSpan.ToArray());
                }
            }
        }

        var profiles = LiveProfileBuilder.Build(snapshot, customers, steps);
        steps?.Close("json and publish");
        var redis = _store as RedisProfileStore;
        var writes = redis is null ? null : new List<Task>(profiles.Length);

        // Serialised outside the lock the other loop publishes under; a profile a later computation beat is dropped.
        var jsons = new byte[profiles.Length][];
        for (var i = 0; i < profiles.Length; i++)
        {
            jsons[i] = JsonSerializer.SerializeToUtf8Bytes(profiles[i], _json);
        }

        lock (_publish)
        {
            for (var i = 0; i < profiles.Length; i++)
            {
                var id = profiles[i].CustomerId;
                if (Newer(id, stamp))
                {
                    _published[id] = (snapshot.Version, packed[i]);
                    _profiles.Set(id, new StoredProfile(jsons[i], snapshot.Version));
                    writes?.Add(redis!.WriteThroughAsync(id, jsons[i]));
                }
            }

            foreach (var id in without)
            {
                if (Newer(id, stamp))
                {
                    _published.Remove(id);
                    _profiles.Remove(id);
                }
            }
        }

        return writes is null ? Task.CompletedTask : Task.WhenAll(writes);
    }

    private bool Newer(string id, long stamp)
    {
        if (_stamps.TryGetValue(id, out var published) && published > stamp)
        {
            return false;
        }

        _stamps[id] = stamp;
        return true;
    }

    /// <summary>Recomputes the customers of the batches committed since its last update, all together (at most
    /// <see cref="MergeLimit"/> customers at once), or every touched customer when another run is served.</summary>
    private async Task UpdateLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _updates.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var ids = new SortedSet<string>(StringComparer.Ordinal);
                var all = false;
                var oldest = long.MaxValue;
                while (ids.Count < MergeLimit && _updates.Reader.TryRead(out var update))
                {
                    if (update.Ids is null)
                    {
                        all = true;
                    }
                    else
                    {
                        ids.UnionWith(update.Ids);
                    }

                    oldest = Math.Min(oldest, update.CommittedAt);
                }

                var clock = Stopwatch.StartNew();
                try
                {
                    if (all)
                    {
                        _touched.UnionWith(ids);
                        await RefreshAllAsync().ConfigureAwait(false);
                    }
                    else
                    {
                        await UpdateAsync(ids).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is DuckDbException or IOException)
                {
                    // The events are committed; their customers show their live values again at their next event.
                    LogUpdateFailed(ids.Count, ex.Message);
                }

                _window.Updated(all ? _touched.Count : ids.Count, clock.Elapsed.TotalMilliseconds, Stopwatch.GetElapsedTime(oldest).TotalMilliseconds);
                if (_window.Due(TimeSpan.FromSeconds(10)) is { } summary)
                {
                    LogWindow(summary);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was committed is recomputed at the next start.
        }
    }

    public override void Dispose()
    {
        try
        {
            // A load of the rows in memory holds a connection of the database closed here.
            _loading?.Wait(TimeSpan.FromSeconds(60));
        }
        catch (AggregateException)
        {
            // Its failure was logged, or does not matter any more.
        }

        _journal?.Dispose();
        _fast?.Dispose();
        CommitGate.Dispose();
        FastGate.Dispose();
        _connection?.Dispose();
        _readConnection?.Dispose();
        base.Dispose();
    }

    private void RunEvents(List<EventJob> group, CancellationToken stoppingToken)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var steps = new StepClock { Heard = Heard };
        var committed = Commit(group, touched, steps, stoppingToken);
        var commitMs = clock.Elapsed.TotalMilliseconds;
        if (committed.Count > 0)
        {
            foreach (var job in committed)
            {
                foreach (var order in job.Batch.Orders)
                {
                    Later(order.OrderedAt);
                }

                foreach (var session in job.Batch.Sessions)
                {
                    Later(session.StartedAt);
                }
            }

            _updates.Writer.TryWrite(new Update(touched, Stopwatch.GetTimestamp()));
        }

        _window.Committed(group.Count, commitMs, steps.Steps);
        if (_window.Due(TimeSpan.FromSeconds(10)) is { } summary)
        {
            LogWindow(summary);
        }
    }

    /// <summary>Commits the group as one batch, in journal order; when the warehouse refuses the batch for its content,
    /// each request is tried alone so one request's bad rows do not fail the others (a request refused alone is marked
    /// applied, and its state says why). A warehouse that cannot be written (a disk error) is tried again and again:
    /// the events are acknowledged and stay in the journal until they are in the warehouse. Returns the jobs committed.</summary>
    private List<EventJob> Commit(List<EventJob> group, SortedSet<string> touched, StepClock steps, CancellationToken stoppingToken)
    {
        var committed = new List<EventJob>();
        try
        {
            if (!Retry(() => Store(group, touched, steps), stoppingToken))
            {
                return committed;
            }

            committed.AddRange(group);
        }
        catch (InputException) when (group.Count > 1)
        {
            foreach (var job in group)
            {
                var one = new List<EventJob>(1) { job };
                try
                {
                    if (!Retry(() => Store(one, touched, steps), stoppingToken))
                    {
                        return committed;
                    }

                    committed.Add(job);
                }
                catch (InputException ex)
                {
                    if (!Retry(() => Refuse(job, ex.Message), stoppingToken))
                    {
                        return committed;
                    }
                }
            }
        }
        catch (InputException ex)
        {
            Retry(() => Refuse(group[0], ex.Message), stoppingToken);
        }

        return committed;
    }

    /// <summary>Runs <paramref name="store"/> until the warehouse takes it (false when the server stops first: the events
    /// stay in the journal for the next start).</summary>
    private bool Retry(Action store, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                store();
                return true;
            }
            catch (Exception ex) when (ex is DuckDbException or IOException)
            {
                LogStoreFailed(ex.Message, delay.TotalSeconds);
                if (stoppingToken.WaitHandle.WaitOne(delay))
                {
                    return false;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Marks a request the warehouse refused for its content as applied, so no start applies it again.</summary>
    private void Refuse(EventJob job, string message)
    {
        _ingestor.MarkJournal(_connection!, job.Sequence);
        _batches.Refused(job.Sequence, message);
        _batches.StoredUpTo(job.Sequence);
        _journal?.Applied(job.Sequence);
        LogRefused(job.Sequence, message);
    }

    private void Store(List<EventJob> group, SortedSet<string> touched, StepClock steps)
    {
        var batches = new List<EventBatch>(group.Count);
        foreach (var job in group)
        {
            batches.Add(job.Batch);
        }

        var rows = new EventRows(batches);
        var folder = Path.Combine(SpoolFolder(), (++_batchNumber).ToString("D8", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            var clock = Stopwatch.StartNew();
            steps.Close("writing files");
            EventBatchWriter.Write(rows.Batch, folder, flush: false);
            var last = group[^1].Sequence;
            var result = _ingestor.Append(_connection!, new EventsSource(), folder, new IngestOptions { JournalSequence = last }, steps);
            steps.Close("findings");
            _warehouse.Changed();
            LogCommitted(group.Count, clock.Elapsed.TotalMilliseconds, result.Appended ? "appended" : "resolved in full");
            _window.Resolved(result.Appended);
            var findings = result.NothingNew ? [] : IngestFindings.Read(_connection!, result, folder);
            var split = rows.Split(findings, group.Count);
            steps.Close("answering");
            for (var j = 0; j < group.Count; j++)
            {
                _batches.Settled(group[j].Sequence, split[j], result.NothingNew);
            }

            _batches.StoredUpTo(last);
            _journal?.Applied(last);

            foreach (var order in rows.Batch.Orders)
            {
                touched.Add(order.CustomerId);
            }

            foreach (var customer in rows.Batch.Customers)
            {
                touched.Add(customer.CustomerId);
            }

            foreach (var session in rows.Batch.Sessions)
            {
                if (session.CustomerId is { } id)
                {
                    touched.Add(id);
                }
            }
        }
        finally
        {
            // Committed rows live in the warehouse now; the files were only the way in.
            TryDelete(folder);
        }
    }

    private void RunFolder(FolderJob job)
    {
        try
        {
            // Files in the events format (as a batch of posted events is written) first, then any source the ingest knows.
            ISourceAdapter source = new EventsSource().Detect(job.Path) >= 1 ? new EventsSource() : SourceRegistry.Detect(job.Path);
            Interlocked.Increment(ref _rewrites);
            var result = new Ingestor().Append(_connection!, source, job.Path);
            _warehouse.Changed();
            job.Done.TrySetResult(result);
            var paths = new List<string>();
            foreach (var file in result.Files)
            {
                if (file.Status == IngestedFile.Loaded)
                {
                    paths.Add(Directory.Exists(job.Path) ? Path.Combine(job.Path, file.FileName) : job.Path);
                }
            }

            if (IngestFindings.LatestTime(_connection!, source, paths) is { } latest)
            {
                Later(latest);
            }

            var touched = new SortedSet<string>(IngestFindings.TouchedCustomers(_connection!, source, paths), StringComparer.Ordinal);
            LogIngested(Path.GetFileName(job.Path), source.Name, result.RowsLoaded, touched.Count);
            _updates.Writer.TryWrite(new Update(touched, Stopwatch.GetTimestamp()));
        }
        catch (Exception ex) when (ex is InputException or DuckDbException or IOException or ArgumentException)
        {
            job.Done.TrySetException(ex);
        }
    }

    /// <summary>Recomputes, re-scores and republishes the profiles of <paramref name="ids"/> at the live as-of date.</summary>
    private async Task UpdateAsync(IReadOnlyCollection<string> ids)
    {
        if (_holder.Current is not { } snapshot || ids.Count == 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var day = LiveDay(snapshot);
        var steps = new StepClock();
        var values = FromRows(ids, day, steps, out var stamp);
        if (values is null)
        {
            Interlocked.Increment(ref _updatesFromWarehouse);
            values = LiveFeatures.Compute(_readConnection!, ids, day, steps);
            lock (_live)
            {
                stamp = ++_stamp;
            }
        }
        else
        {
            Interlocked.Increment(ref _updatesFromRows);
        }

        steps.Close("profiles");
        _window.Features(clock.Elapsed.TotalMilliseconds, steps.Steps);
        foreach (var id in ids)
        {
            _touched.Add(id);
        }

        await Publish(snapshot, ids, values, stamp).ConfigureAwait(false);
        LogUpdated(values.Count, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The customers' features from the rows in memory (with the fast path's provisional orders not yet in
    /// them), or null when none fit (another day, or silver rewritten since their snapshot): a load of the day's rows is
    /// then started and the caller reads the warehouse. The warehouse is read outside the lock the fast loop shares.</summary>
    private IReadOnlyDictionary<string, CustomerFeatureValues>? FromRows(IReadOnlyCollection<string> ids, DateOnly day, StepClock steps, out long stamp)
    {
        stamp = 0;
        LiveRowStore rows;
        lock (_live)
        {
            TakeLoaded();
            if (_rows is null || _rows.Cutoff != day || _rowsRewrites != Volatile.Read(ref _rewrites))
            {
                _rows = null;
                StartLoad(day);
                return null;
            }

            rows = _rows;
        }

        var appended = rows.ReadAppended(_readConnection!, steps);
        lock (_live)
        {
            if (appended is null || _rowsRewrites != Volatile.Read(ref _rewrites))
            {
                // A rewrite began meanwhile (the rows just read may be rewritten ones) or an appended order moved a side row.
                _rows = null;
                StartLoad(day);
                return null;
            }

            rows.Merge(appended);
            _fast!.Settle(rows.JournalSequence);
            var values = rows.Values(ids, _fast, steps);
            stamp = ++_stamp;
            return values;
        }
    }

    /// <summary>Starts loading every customer's rows as of <paramref name="day"/> on a connection of its own, unless a
    /// load runs or one started less than a minute ago (a stream of rewrites would otherwise keep a core loading).</summary>
    private void StartLoad(DateOnly day)
    {
        if (_loading is not null || (_loadStarted != long.MinValue && Stopwatch.GetElapsedTime(_loadStarted) < TimeSpan.FromMinutes(1)))
        {
            return;
        }

        var rewrites = Volatile.Read(ref _rewrites);
        _loadStarted = Stopwatch.GetTimestamp();
        _loading = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            using var connection = _warehouse.Connect();
            var rows = LiveRowStore.Load(connection, day);
            LogRows(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows.Customers, rows.Rows, rows.SideCustomers, rows.Bytes / 1_048_576.0, clock.Elapsed.TotalSeconds);
            return (rows, rewrites);
        });
    }

    /// <summary>Takes the rows a finished load read, when nothing was rewritten since its snapshot.</summary>
    private void TakeLoaded()
    {
        if (_loading is not { IsCompleted: true } loading)
        {
            return;
        }

        _loading = null;
        if (loading.IsFaulted)
        {
            LogRowsFailed(loading.Exception?.GetBaseException().Message ?? "unknown");
            return;
        }

        var (rows, rewrites) = loading.Result;
        if (rewrites == Volatile.Read(ref _rewrites))
        {
            lock (_live)
            {
                _rows = rows;
                _rowsRewrites = rewrites;
                _fast?.Took(rows);
                _fast?.Settle(rows.JournalSequence);
            }
        }
    }

    private void Heard(string step)
    {
        if (string.Equals(step, Ingestor.ResolvedInFull, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _rewrites);
        }
    }

    /// <summary>Every customer events touched, again (at start, and when another run is served).</summary>
    private async Task RefreshAllAsync()
    {
        if (_holder.Current is not { } snapshot)
        {
            return;
        }

        var chunk = new List<string>(ComputeChunk);
        foreach (var id in _touched.ToArray())
        {
            chunk.Add(id);
            if (chunk.Count == ComputeChunk)
            {
                await UpdateAsync(chunk).ConfigureAwait(false);
                chunk = new List<string>(ComputeChunk);
            }
        }

        await UpdateAsync(chunk).ConfigureAwait(false);
        _builtOn = snapshot.Version;
    }

    private DateOnly LiveDay(RunSnapshot snapshot)
    {
        var cutoff = snapshot.AsOf is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : DateOnly.MinValue;
        var latest = Volatile.Read(ref _latestDay);
        var live = latest < 0 ? DateOnly.MinValue : DateOnly.FromDayNumber(latest).AddDays(1);
        var result = live > cutoff ? live : cutoff;
        return result == DateOnly.MinValue ? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1) : result;
    }

    private void Later(DateTime at)
    {
        var day = DateOnly.FromDateTime(at).DayNumber;
        var seen = Volatile.Read(ref _latestDay);
        while (day > seen)
        {
            var was = Interlocked.CompareExchange(ref _latestDay, day, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>Opens the journal beside the warehouse and applies, before any new event is taken, every record the
    /// warehouse does not hold yet (those past its last recorded sequence), in order and in groups; a torn last record
    /// (a write a crash cut short, never acknowledged) is cut off.</summary>
    private void OpenJournal(CancellationToken stoppingToken)
    {
        var mark = EventHistory.JournalSequence(_connection!);
        _batches.StoredUpTo(mark);
        _journal = EventJournal.Open(JournalPath(), mark, Journaled, out var records);
        if (_journal.TornBytes > 0)
        {
            LogTorn(_journal.Path, _journal.TornBytes);
        }

        var group = new List<EventJob>(GroupLimit);
        var replayed = 0;
        foreach (var (sequence, batch) in records)
        {
            if (sequence <= mark)
            {
                continue;
            }

            _batches.Accepted(sequence, batch.Orders.Count, batch.Customers.Count, batch.Sessions.Count);
            group.Add(new EventJob(sequence, batch));
            replayed++;
            if (group.Count == GroupLimit)
            {
                Commit(group, new SortedSet<string>(StringComparer.Ordinal), new StepClock { Heard = Heard }, stoppingToken);
                group.Clear();
            }
        }

        if (group.Count > 0)
        {
            Commit(group, new SortedSet<string>(StringComparer.Ordinal), new StepClock { Heard = Heard }, stoppingToken);
        }

        stoppingToken.ThrowIfCancellationRequested();
        LogJournal(_journal.Path, records.Count, replayed, _journal.Last);
    }

    /// <summary>Hears each record once it is on disk, in sequence order: the commit loop takes it from here.</summary>
    private void Journaled(long sequence, EventBatch batch)
    {
        _batches.Accepted(sequence, batch.Orders.Count, batch.Customers.Count, batch.Sessions.Count);
        _fastJobs.Writer.TryWrite((sequence, batch));
        _jobs.Writer.TryWrite(new EventJob(sequence, batch));
    }

    private string JournalPath() => Path.GetFullPath(_options.Db!) + ".events";

    private string SpoolFolder() => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_options.Db!)) ?? ".", "patron-events");

    /// <summary>Batches left by a process that stopped before committing them were never acknowledged: they go.</summary>
    private void CleanSpool()
    {
        var spool = SpoolFolder();
        if (!Directory.Exists(spool))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(spool))
        {
            TryDelete(folder);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover batch folder is harmless: it is cleaned at the next start.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Taking events into {Db}: {Customers} customers touched by earlier events recomputed")]
    private partial void LogLive(string db, int customers);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Requests} requests committed in {Milliseconds:0.0} ms ({How})")]
    private partial void LogCommitted(int requests, double milliseconds, string how);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live: {Summary}")]
    private partial void LogWindow(string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "The live warehouse could not be opened: {Message}")]
    private partial void LogFailed(string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Profiles} live profiles updated as of {AsOf} in {Milliseconds:0.0} ms")]
    private partial void LogUpdated(int profiles, string asOf, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Requests} journaled requests could not be applied fast ({Message}); the warehouse's path shows them")]
    private partial void LogFastFailed(int requests, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Customers} live profiles could not be updated: {Message}")]
    private partial void LogUpdateFailed(int customers, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live rows in memory as of {Day}: {Customers} customers, {Rows} order rows, {Side} side rows, {Megabytes:0} MB, read in {Seconds:0.0} s")]
    private partial void LogRows(string day, int customers, long rows, int side, double megabytes, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The live rows could not be read into memory ({Message}); updates read the warehouse")]
    private partial void LogRowsFailed(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event journal {Path}: {Records} records, {Replayed} applied to the warehouse at start, last sequence {Last}")]
    private partial void LogJournal(string path, int records, int replayed, long last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event journal {Path}: a torn last record ({Bytes} bytes, never acknowledged) was cut off")]
    private partial void LogTorn(string path, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journaled events could not be written to the warehouse ({Message}); trying again in {Seconds:0.0} s")]
    private partial void LogStoreFailed(string message, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {Batch} refused by the warehouse: {Message}")]
    private partial void LogRefused(long batch, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {File} as {Source}: {Rows} rows, {Customers} customers updated")]
    private partial void LogIngested(string file, string source, long rows, int customers);

    private abstract class Job;

    /// <summary>Customers whose events were committed at <paramref name="CommittedAt"/> (a <see cref="Stopwatch"/>
    /// timestamp), or, with no ids, every customer events touched (another run is served).</summary>
    private sealed record Update(IReadOnlyCollection<string>? Ids, long CommittedAt);

    /// <summary>A journaled request's events, under its journal sequence.</summary>
    private sealed class EventJob(long sequence, EventBatch batch) : Job
    {
        public long Sequence { get; } = sequence;

        public EventBatch Batch { get; } = batch;
    }

    private sealed class FolderJob(string path) : Job
    {
        public string Path { get; } = path;

        public TaskCompletionSource<IngestResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
