using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Patron.Server.Live;
using Patron.Warehouse;
using Patron.Warehouse.Sources.Events;

namespace Patron.Server.Tests.Live;

/// <summary>The journal of accepted events (docs/live.md, "Guarantees"): records read back as written, a torn or damaged
/// tail cut off, sequences that go on, and a server that applies at its start exactly the records its warehouse does
/// not hold yet.</summary>
public sealed class EventJournalTests(LiveShop shop) : IClassFixture<LiveShop>
{
    [Fact]
    public void Crc32_CheckValue_IsZlibs()
    {
        // The CRC-32 check value of the catalogue of parametrised CRC algorithms (CRC-32/ISO-HDLC, as zlib computes it).
        Assert.Equal(0xCBF43926u, Crc32.Of(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Of([]));
    }

    [Fact]
    public void Codec_EveryField_RoundTripsExactly()
    {
        var batch = Sample("o-1");
        var back = EventCodec.Decode(EventCodec.Encode(batch));
        Assert.Equal(Describe(batch), Describe(back));
        Assert.Equal(DateTimeKind.Utc, back.Orders[0].OrderedAt.Kind);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(back.Orders[0].Lines[1].UnitPrice));
        Assert.Throws<FormatException>(() => EventCodec.Decode([9, 0, 0, 0, 0]));
    }

    [Fact]
    public async Task Open_AfterAppends_ReadsEveryRecordInOrderAndGoesOn()
    {
        using var temp = new TempFolder();
        var path = temp.File("j.events");
        var heard = new List<long>();
        using (var journal = EventJournal.Open(path, 0, (s, _) => heard.Add(s), out var none))
        {
            Assert.Empty(none);
            journal.Start();
            var appends = Enumerable.Range(1, 50).Select(i => journal.AppendAsync(Sample("o-" + i))).ToArray();
            var sequences = await Task.WhenAll(appends);
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), sequences.Order());
            Assert.Equal(heard.Order(), heard);
            Assert.True(journal.Flushes is >= 1 and <= 50);
        }

        using (var journal = EventJournal.Open(path, 0, (_, _) => { }, out var records))
        {
            Assert.Equal(0, journal.TornBytes);
            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), records.Select(r => r.Sequence));
            Assert.Equal(heard.Select(s => s), records.Select(r => r.Sequence));
            journal.Start();
            Assert.Equal(51, await journal.AppendAsync(Sample("o-51")));
        }

        // The warehouse's mark can be ahead of an emptied file: sequences go on from it.
        File.WriteAllBytes(path, []);
        using (var journal = EventJournal.Open(path, 51, (_, _) => { }, out var records))
        {
            Assert.Empty(records);
            journal.Start();
            Assert.Equal(52, await journal.AppendAsync(Sample("o-52")));
        }
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("flip")]
    [InlineData("garbage")]
    public async Task Open_TornOrDamagedLastRecord_IsCutOffAndTheRestKept(string damage)
    {
        using var temp = new TempFolder();
        var path = temp.File("j.events");
        long whole;
        using (var journal = EventJournal.Open(path, 0, (_, _) => { }, out _))
        {
            journal.Start();
            await journal.AppendAsync(Sample("a"));
            await journal.AppendAsync(Sample("b"));
            whole = new FileInfo(path).Length;
            await journal.AppendAsync(Sample("c"));
        }

        var bytes = File.ReadAllBytes(path);
        var damaged = damage switch
        {
            "cut" => bytes[..^5],
            "flip" => Flip(bytes, bytes.Length - 3),
            _ => [.. bytes[..(int)whole], 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3],
        };
        File.WriteAllBytes(path, damaged);

        using (var journal = EventJournal.Open(path, 0, (_, _) => { }, out var records))
        {
            Assert.Equal(["a", "b"], records.Select(r => r.Batch.Orders[0].OrderId));
            Assert.Equal(damaged.Length - whole, journal.TornBytes);
            Assert.Equal(whole, new FileInfo(path).Length);
            journal.Start();
            Assert.Equal(3, await journal.AppendAsync(Sample("c2")));
        }

        using (var journal = EventJournal.Open(path, 0, (_, _) => { }, out var records))
        {
            Assert.Equal(["a", "b", "c2"], records.Select(r => r.Batch.Orders[0].OrderId));
        }
    }

    [Fact]
    public async Task Start_JournaledButNotInTheWarehouse_AppliedOnceAndNotAgainAtTheNextStart()
    {
        // The warehouse and its journal outlive the first server (whose own folder goes with it).
        using var temp = new TempFolder();
        var db = temp.File("w.duckdb");
        File.Copy(shop.Template, db);
        var journalPath = Path.GetFullPath(db) + ".events";
        var ids = new[] { "jr-1", "jr-2", "jr-3" };
        await using (var run = await shop.ServeAsync(options =>
        {

            // Records a server wrote and acknowledged before it was killed, none of them in the warehouse yet.
            using var journal = EventJournal.Open(journalPath, 0, (_, _) => { }, out _);
            journal.Start();
            foreach (var id in ids)
            {
                journal.AppendAsync(Order(id, "C0000002", new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc))).GetAwaiter().GetResult();
            }

            return options with { Db = db };
        }))
        {
            var live = run.App.Services.GetRequiredService<LiveService>();
            Assert.Equal(3, live.Journal!.Last);
            var state = live.Batch(2);
            Assert.Equal("stored", state!.Status);
            var profile = await EventEndpointsTests.WaitFor(run.Client, "C0000002", p => p.GetProperty("as_of").GetString() == "2026-11-24");
            Assert.True(EventEndpointsTests.Orders(profile) >= 3);

            // New events go on after the replayed ones.
            var next = await EventEndpointsTests.Post(run.Client, EventEndpointsTests.Order("jr-4", "C0000002", "2026-11-23T11:00:00Z", "P00001"));
            Assert.Equal(4, next.Body.GetProperty("batch").GetInt64());
            await EventEndpointsTests.Settled(run.Client, next.Body);
        }

        using (var connection = WarehouseFile.Open(db))
        {
            Assert.Equal(4, EventHistory.JournalSequence(connection));
            foreach (var id in ids.Append("jr-4"))
            {
                Assert.Equal(1, EventHistory.OrderCount(connection, id));
            }
        }

        // The same journal and warehouse again: nothing is applied twice.
        await using (var again = await ServeExisting(db))
        {
            var live = again.App.Services.GetRequiredService<LiveService>();
            Assert.Equal(4, live.Journal!.Last);
            Assert.Equal("stored", live.Batch(4)!.Status);
        }

        using (var connection = WarehouseFile.Open(db))
        {
            Assert.Equal(4, EventHistory.JournalSequence(connection));
            foreach (var id in ids.Append("jr-4"))
            {
                Assert.Equal(1, EventHistory.OrderCount(connection, id));
            }
        }
    }

    private static async Task<Support.ServedRun> ServeExisting(string db)
    {
        var run = await Support.ServedRun.StartAsync(options => options with { Db = db });
        await run.App.Services.GetRequiredService<LiveService>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return run;
    }

    private static EventBatch Order(string id, string customer, DateTime at)
    {
        var batch = new EventBatch();
        batch.Orders.Add(new OrderEvent(id, customer, at, "card", [new OrderLineEvent("P00001", 2, 12.5, 1)]));
        return batch;
    }

    private static EventBatch Sample(string id)
    {
        var batch = new EventBatch();
        batch.Orders.Add(new OrderEvent(id, "C-ä", new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc).AddTicks(1230), null,
            [new OrderLineEvent("P1", -2, 12.5, null), new OrderLineEvent(null, 1e-300, 0.1 + 0.2, 0.5)]));
        batch.Customers.Add(new CustomerEvent("N-1", new DateOnly(2026, 11, 1), 30, "DE", null, "search"));
        batch.Customers.Add(new CustomerEvent("N-2", null, null, null, "example.com", null));
        batch.Sessions.Add(new SessionEvent("S-1", null, new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), 12.25, 4, "P1", true));
        batch.Sessions.Add(new SessionEvent("S-2", "C1", new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), null, null, null, false));
        batch.Sessions.Add(new SessionEvent("S-3", "C1", new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), null, null, null, null));
        return batch;
    }

    private static string Describe(EventBatch batch) =>
        string.Join("|", batch.Orders.Select(o => $"{o.OrderId},{o.CustomerId},{o.OrderedAt.Ticks},{o.OrderedAt.Kind},{o.PaymentMethod}," +
            string.Join(";", o.Lines.Select(l => $"{l.ProductId},{BitConverter.DoubleToInt64Bits(l.Quantity)},{BitConverter.DoubleToInt64Bits(l.UnitPrice)},{l.Discount}"))))
        + "|" + string.Join("|", batch.Customers)
        + "|" + string.Join("|", batch.Sessions);

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x40;
        return copy;
    }
}
