using System.Text;
using Patron.Warehouse.Sources.Events;

namespace Patron.Server.Live;

/// <summary>The bytes of a request's events in the event journal: every field as the parser gave it (strings as
/// length-prefixed UTF-8, numbers as their IEEE bits, times as their ticks and kind), so a replay writes the very files
/// the first attempt would have written.</summary>
internal static class EventCodec
{
    private const byte Version = 1;

    public static byte[] Encode(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            w.Write(batch.Orders.Count);
            foreach (var order in batch.Orders)
            {
                w.Write(order.OrderId);
                w.Write(order.CustomerId);
                w.Write(order.OrderedAt.ToBinary());
                Text(w, order.PaymentMethod);
                w.Write(order.Lines.Count);
                foreach (var line in order.Lines)
                {
                    Text(w, line.ProductId);
                    w.Write(line.Quantity);
                    w.Write(line.UnitPrice);
                    Number(w, line.Discount);
                }
            }

            w.Write(batch.Customers.Count);
            foreach (var customer in batch.Customers)
            {
                w.Write(customer.CustomerId);
                w.Write(customer.RegisteredAt.HasValue);
                if (customer.RegisteredAt is { } registered)
                {
                    w.Write(registered.DayNumber);
                }

                Whole(w, customer.Age);
                Text(w, customer.Country);
                Text(w, customer.EmailDomain);
                Text(w, customer.AcquisitionChannel);
            }

            w.Write(batch.Sessions.Count);
            foreach (var session in batch.Sessions)
            {
                w.Write(session.SessionId);
                Text(w, session.CustomerId);
                w.Write(session.StartedAt.ToBinary());
                Number(w, session.DurationSec);
                Whole(w, session.PageViews);
                Text(w, session.ProductId);
                w.Write((byte)(session.Purchased is null ? 0 : session.Purchased.Value ? 2 : 1));
            }
        }

        return stream.ToArray();
    }

    /// <summary>The events of <paramref name="bytes"/>; throws <see cref="FormatException"/> or
    /// <see cref="EndOfStreamException"/> when they are not what <see cref="Encode"/> writes.</summary>
    public static EventBatch Decode(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        if (r.ReadByte() != Version)
        {
            throw new FormatException("not an event record of this version");
        }

        var batch = new EventBatch();
        var orders = Count(r);
        for (var i = 0; i < orders; i++)
        {
            var id = r.ReadString();
            var customer = r.ReadString();
            var at = DateTime.FromBinary(r.ReadInt64());
            var payment = Text(r);
            var count = Count(r);
            var lines = new OrderLineEvent[count];
            for (var l = 0; l < count; l++)
            {
                lines[l] = new OrderLineEvent(Text(r), r.ReadDouble(), r.ReadDouble(), Number(r));
            }

            batch.Orders.Add(new OrderEvent(id, customer, at, payment, lines));
        }

        var customers = Count(r);
        for (var i = 0; i < customers; i++)
        {
            var id = r.ReadString();
            DateOnly? registered = r.ReadBoolean() ? DateOnly.FromDayNumber(r.ReadInt32()) : null;
            batch.Customers.Add(new CustomerEvent(id, registered, Whole(r), Text(r), Text(r), Text(r)));
        }

        var sessions = Count(r);
        for (var i = 0; i < sessions; i++)
        {
            var id = r.ReadString();
            var customer = Text(r);
            var at = DateTime.FromBinary(r.ReadInt64());
            var duration = Number(r);
            var views = Whole(r);
            var product = Text(r);
            var purchased = r.ReadByte();
            batch.Sessions.Add(new SessionEvent(id, customer, at, duration, views, product, purchased switch
            {
                0 => null,
                1 => false,
                2 => true,
                _ => throw new FormatException("not a purchased flag"),
            }));
        }

        if (stream.Position != stream.Length)
        {
            throw new FormatException("bytes after the events");
        }

        return batch;
    }

    private static int Count(BinaryReader r)
    {
        var count = r.ReadInt32();
        return count is >= 0 and <= 100_000_000 ? count : throw new FormatException("not a count");
    }

    private static void Text(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? Text(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void Number(BinaryWriter w, double? value)
    {
        w.Write(value.HasValue);
        if (value is { } v)
        {
            w.Write(v);
        }
    }

    private static double? Number(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;

    private static void Whole(BinaryWriter w, int? value)
    {
        w.Write(value.HasValue);
        if (value is { } v)
        {
            w.Write(v);
        }
    }

    private static int? Whole(BinaryReader r) => r.ReadBoolean() ? r.ReadInt32() : null;
}
