using System.Globalization;
using System.Text;

namespace Patron.Warehouse.Sources.Events;

/// <summary>Writes an <see cref="EventBatch"/> as the files of <see cref="EventsSource"/>, one row per event (one per
/// line for order lines), in the batch's order, so row n of a file is the n-th event of its kind. Only files with rows
/// are written. Times are UTC with microseconds.</summary>
public static class EventBatchWriter
{
    /// <summary>Writes the batch into <paramref name="folder"/> (created if needed) and, unless <paramref name="flush"/>
    /// is false, flushes the files to disk. A server that ingests the files at once and deletes them passes false: what
    /// makes its events durable is the warehouse's commit, not the files.</summary>
    public static void Write(EventBatch batch, string folder, bool flush = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Directory.CreateDirectory(folder);
        if (batch.Orders.Count > 0)
        {
            var orders = new StringBuilder("order_id,customer_id,ordered_at,payment_method\n");
            var lines = new StringBuilder("order_id,line_number,product_id,quantity,unit_price,discount\n");
            var anyLine = false;
            foreach (var order in batch.Orders)
            {
                orders.Append(Field(order.OrderId)).Append(',').Append(Field(order.CustomerId)).Append(',')
                      .Append(Time(order.OrderedAt)).Append(',').Append(Field(order.PaymentMethod)).Append('\n');
                for (var k = 0; k < order.Lines.Count; k++)
                {
                    var line = order.Lines[k];
                    anyLine = true;
                    lines.Append(Field(order.OrderId)).Append(',').Append((k + 1).ToString(CultureInfo.InvariantCulture)).Append(',')
                         .Append(Field(line.ProductId)).Append(',').Append(Number(line.Quantity)).Append(',')
                         .Append(Number(line.UnitPrice)).Append(',').Append(line.Discount is { } d ? Number(d) : "").Append('\n');
                }
            }

            WriteFile(Path.Combine(folder, "orders.csv"), orders, flush);
            if (anyLine)
            {
                WriteFile(Path.Combine(folder, "order_lines.csv"), lines, flush);
            }
        }

        if (batch.Customers.Count > 0)
        {
            var customers = new StringBuilder("customer_id,registered_at,age,country,email_domain,acquisition_channel\n");
            foreach (var c in batch.Customers)
            {
                customers.Append(Field(c.CustomerId)).Append(',')
                         .Append(c.RegisteredAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                         .Append(c.Age?.ToString(CultureInfo.InvariantCulture)).Append(',')
                         .Append(Field(c.Country)).Append(',').Append(Field(c.EmailDomain)).Append(',').Append(Field(c.AcquisitionChannel)).Append('\n');
            }

            WriteFile(Path.Combine(folder, "customers.csv"), customers, flush);
        }

        if (batch.Sessions.Count > 0)
        {
            var sessions = new StringBuilder("session_id,customer_id,started_at,duration_sec,page_views,product_id,purchased\n");
            foreach (var s in batch.Sessions)
            {
                sessions.Append(Field(s.SessionId)).Append(',').Append(Field(s.CustomerId)).Append(',').Append(Time(s.StartedAt)).Append(',')
                        .Append(s.DurationSec is { } d ? Number(d) : "").Append(',')
                        .Append(s.PageViews?.ToString(CultureInfo.InvariantCulture)).Append(',')
                        .Append(Field(s.ProductId)).Append(',')
                        .Append(s.Purchased switch { true => "true", false => "false", null => "" }).Append('\n');
            }

            WriteFile(Path.Combine(folder, "sessions.csv"), sessions, flush);
        }
    }

    private static void WriteFile(string path, StringBuilder content, bool flush)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        var bytes = Encoding.UTF8.GetBytes(content.ToString());
        file.Write(bytes);
        file.Flush(flushToDisk: flush);
    }

    /// <summary>Times in UTC with microseconds (<see cref="EventsSource.TimestampFormat"/>).</summary>
    public static string Time(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break; null is an empty field.</summary>
    private static string Field(string? value)
    {
        if (value is null)
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 || value.Length == 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
