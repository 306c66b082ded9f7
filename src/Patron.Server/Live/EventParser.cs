using System.Globalization;
using System.Text.Json;
using Patron.Warehouse.Sources.Events;

namespace Patron.Server.Live;

/// <summary>Reads the body of <c>POST /api/events</c> into an <see cref="EventBatch"/>, checking its shape only: every
/// field has the JSON type and form it must have, and each problem is named by its path
/// (<c>orders[3].lines[0].quantity</c>). Whether a value is plausible (a future time, a zero quantity, an unknown
/// product, an order sent twice) is for the warehouse's silver rules, which say so row by row.</summary>
internal static class EventParser
{
    /// <summary>Most events (orders, customers and sessions together) one request may carry.</summary>
    public const int MaxEvents = 10_000;

    /// <summary>Most lines one order may carry.</summary>
    public const int MaxLines = 1_000;

    private const int MaxText = 256;
    private const int MaxErrors = 20;

    private static readonly string[] TopFields = ["orders", "customers", "sessions"];
    private static readonly string[] OrderFields = ["order_id", "customer_id", "ordered_at", "payment_method", "lines"];
    private static readonly string[] LineFields = ["product_id", "quantity", "unit_price", "discount"];
    private static readonly string[] CustomerFields = ["customer_id", "registered_at", "age", "country", "email_domain", "acquisition_channel"];
    private static readonly string[] SessionFields = ["session_id", "customer_id", "started_at", "duration_sec", "page_views", "product_id", "purchased"];

    /// <summary>The batch, or null with <paramref name="errors"/> naming each problem (at most 20).</summary>
    public static EventBatch? Parse(JsonElement root, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Add(errors, $"The body must be a JSON object with 'orders', 'customers' or 'sessions', not {Kind(root)}.");
            return null;
        }

        Unknown(root, "", TopFields, errors);
        var batch = new EventBatch();
        var total = 0;
        foreach (var name in TopFields)
        {
            if (!root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{name} must be an array, not {Kind(array)}.");
                continue;
            }

            total += array.GetArrayLength();
            if (total > MaxEvents)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"At most {MaxEvents:N0} events a request; this one has more."));
                return null;
            }

            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{name}[{i++}]");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Add(errors, $"{path} must be an object, not {Kind(item)}.");
                    continue;
                }

                switch (name)
                {
                    case "orders":
                        if (Order(item, path, errors) is { } order)
                        {
                            batch.Orders.Add(order);
                        }

                        break;
                    case "customers":
                        if (Customer(item, path, errors) is { } customer)
                        {
                            batch.Customers.Add(customer);
                        }

                        break;
                    default:
                        if (Session(item, path, errors) is { } session)
                        {
                            batch.Sessions.Add(session);
                        }

                        break;
                }
            }
        }

        if (errors.Count == 0 && batch.IsEmpty)
        {
            errors.Add("The body has no events: give 'orders', 'customers' or 'sessions' with at least one row.");
        }

        return errors.Count > 0 ? null : batch;
    }

    private static OrderEvent? Order(JsonElement item, string path, List<string> errors)
    {
        var before = errors.Count;
        Unknown(item, path, OrderFields, errors);
        var id = Text(item, path, "order_id", required: true, errors);
        var customer = Text(item, path, "customer_id", required: true, errors);
        var at = Time(item, path, "ordered_at", errors);
        var payment = Text(item, path, "payment_method", required: false, errors);
        var lines = new List<OrderLineEvent>();
        if (!item.TryGetProperty("lines", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            Add(errors, $"{path}.lines is required: an array of order lines, not {(item.TryGetProperty("lines", out var l) ? Kind(l) : "missing")}.");
        }
        else if (array.GetArrayLength() is 0 or > MaxLines)
        {
            Add(errors, string.Create(CultureInfo.InvariantCulture, $"{path}.lines must hold 1 to {MaxLines} lines, not {array.GetArrayLength()}."));
        }
        else
        {
            var k = 0;
            foreach (var line in array.EnumerateArray())
            {
                var linePath = string.Create(CultureInfo.InvariantCulture, $"{path}.lines[{k++}]");
                if (line.ValueKind != JsonValueKind.Object)
                {
                    Add(errors, $"{linePath} must be an object, not {Kind(line)}.");
                    continue;
                }

                Unknown(line, linePath, LineFields, errors);
                var product = Text(line, linePath, "product_id", required: true, errors);
                var quantity = Number(line, linePath, "quantity", required: true, errors);
                var price = Number(line, linePath, "unit_price", required: true, errors);
                var discount = Number(line, linePath, "discount", required: false, errors);
                lines.Add(new OrderLineEvent(product, quantity ?? 0, price ?? 0, discount));
            }
        }

        return errors.Count > before ? null : new OrderEvent(id!, customer!, at!.Value, payment, lines);
    }

    private static CustomerEvent? Customer(JsonElement item, string path, List<string> errors)
    {
        var before = errors.Count;
        Unknown(item, path, CustomerFields, errors);
        var id = Text(item, path, "customer_id", required: true, errors);
        DateOnly? registered = null;
        if (item.TryGetProperty("registered_at", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(r.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                registered = day;
            }
            else
            {
                Add(errors, $"{path}.registered_at must be a date as yyyy-MM-dd.");
            }
        }

        var age = Number(item, path, "age", required: false, errors);
        if (age is { } a && (a != Math.Floor(a) || a < 0 || a > 150))
        {
            Add(errors, $"{path}.age must be a whole number from 0 to 150.");
        }

        var country = Text(item, path, "country", required: false, errors);
        var email = Text(item, path, "email_domain", required: false, errors);
        var channel = Text(item, path, "acquisition_channel", required: false, errors);
        return errors.Count > before ? null : new CustomerEvent(id!, registered, age is { } n ? (int)n : null, country, email, channel);
    }

    private static SessionEvent? Session(JsonElement item, string path, List<string> errors)
    {
        var before = errors.Count;
        Unknown(item, path, SessionFields, errors);
        var id = Text(item, path, "session_id", required: true, errors);
        var customer = Text(item, path, "customer_id", required: false, errors);
        var at = Time(item, path, "started_at", errors);
        var duration = Number(item, path, "duration_sec", required: false, errors);
        var views = Number(item, path, "page_views", required: false, errors);
        if (views is { } v && (v != Math.Floor(v) || v < 0 || v > int.MaxValue))
        {
            Add(errors, $"{path}.page_views must be a whole number of at least 0.");
        }

        var product = Text(item, path, "product_id", required: false, errors);
        bool? purchased = null;
        if (item.TryGetProperty("purchased", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                purchased = p.GetBoolean();
            }
            else
            {
                Add(errors, $"{path}.purchased must be true or false, not {Kind(p)}.");
            }
        }

        return errors.Count > before ? null : new SessionEvent(id!, customer, at!.Value, duration, views is { } n ? (int)n : null, product, purchased);
    }

    private static string? Text(JsonElement item, string path, string name, bool required, List<string> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(errors, $"{path}.{name} is required.");
            }

            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            Add(errors, $"{path}.{name} must be a string, not {Kind(value)}.");
            return null;
        }

        if (text.Length == 0 || text.Length > MaxText || HasControl(text))
        {
            Add(errors, $"{path}.{name} must be 1 to {MaxText} characters without control characters.");
            return null;
        }

        return text;
    }

    private static double? Number(JsonElement item, string path, string name, bool required, List<string> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(errors, $"{path}.{name} is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number) || Math.Abs(number) >= 1e12)
        {
            Add(errors, $"{path}.{name} must be a number below 10^12 in size, not {Kind(value)}.");
            return null;
        }

        return number;
    }

    /// <summary>An ISO 8601 time; one with an offset is turned into UTC, one without is taken as UTC.</summary>
    private static DateTime? Time(JsonElement item, string path, string name, List<string> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Add(errors, $"{path}.{name} is required: an ISO 8601 time such as 2026-12-05T14:30:00Z.");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && time.Year is >= 1900 and <= 2200)
        {
            var utc = time.UtcDateTime;
            return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
        }

        Add(errors, $"{path}.{name} must be an ISO 8601 time such as 2026-12-05T14:30:00Z, from year 1900 to 2200.");
        return null;
    }

    private static void Unknown(JsonElement item, string path, string[] allowed, List<string> errors)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                var name = property.Name.Length > 64 ? property.Name[..64] + "..." : property.Name;
                Add(errors, $"{(path.Length == 0 ? "" : path + ".")}{name} is not a field of this event; expected {string.Join(", ", allowed)}.");
            }
        }
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every problem is counted (an event with one is dropped); the answer shows the first <see cref="MaxErrors"/>.</summary>
    private static void Add(List<string> errors, string message) => errors.Add(message);

    /// <summary>The problems to show: the first <see cref="MaxErrors"/>, then how many more there are.</summary>
    public static List<string> Shown(List<string> errors)
    {
        if (errors.Count <= MaxErrors)
        {
            return errors;
        }

        var shown = errors.GetRange(0, MaxErrors);
        shown.Add(string.Create(CultureInfo.InvariantCulture, $"... and {errors.Count - MaxErrors} more."));
        return shown;
    }

    internal static string Kind(JsonElement value) => Scoring.RowReader.Kind(value);
}
