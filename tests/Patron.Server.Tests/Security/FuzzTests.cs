using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Security;

/// <summary>Thousands of generated request bodies and queries, well-formed or not: the service answers each with a
/// status below 500 and its served state (run version, a profile's bytes) does not change.</summary>
public sealed class FuzzTests
{
    private static readonly string[] Keys =
    [
        "customer_ids", "customers", "sessions", "orders", "days_since_last_order", "net_revenue", "page_views", "duration_sec",
        "hour_band", "PageValues", "Month", "VisitorType", "Weekend", "Browser", "Revenue", "", "é", "__proto__", "customer_id",
    ];

    private static readonly string[] Texts = ["C0000001", "", "NaN", "evening", "Feb", "TRUE", "Returning_Visitor", "\u0000", "ü漢字", "1e999", new string('x', 600)];

    private static readonly string[] Numbers = ["0", "-0", "1", "-1", "3.5", "1e308", "-1e308", "1e999", "12345678901234567890123", "0.1e-400", "2"];

    [Fact]
    public async Task Post_GeneratedBodies_NeverA5xxAndServedStateUnchanged()
    {
        await using var served = await ServedRun.StartAsync(o => o with { RateLimitPerSecond = 0 });
        var (_, before) = await Json.GetAsync(served.Client, "/ready");
        var profileBefore = await served.Client.GetByteArrayAsync(new Uri("/api/customers/C0000001", UriKind.Relative));
        var bodies = Gen.Sample(Body(), 20, 1_500);
        var paths = new[] { "/api/score/customers", "/api/score/sessions", "/api/recommend" };
        var i = 0;
        foreach (var body in bodies)
        {
            var path = paths[i++ % paths.Length];
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await served.Client.PostAsync(new Uri(path, UriKind.Relative), content);
            Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode} to: {body}");
        }

        foreach (var query in Gen.Sample(Query(), 20, 500))
        {
            using var response = await served.Client.GetAsync(new Uri(query, UriKind.Relative));
            Assert.True((int)response.StatusCode < 500, $"{query} answered {(int)response.StatusCode}");
        }

        var (_, after) = await Json.GetAsync(served.Client, "/ready");
        Assert.Equal(before.GetProperty("run").GetString(), after.GetProperty("run").GetString());
        Assert.Equal(profileBefore, await served.Client.GetByteArrayAsync(new Uri("/api/customers/C0000001", UriKind.Relative)));
    }

    private static Gen<string> Body() =>
        Gen.Frequency(
            (6, Value(3)),
            (2, Value(3).Select(Truncate)),
            (1, Gen.Elements("", "{", "[", "nul", "{\"customers\": [{\"orders\": }]}", "\uFEFF{}", "{\"a\":1,}", new string('[', 200))),
            (2, Gen.Elements("customers", "sessions").SelectMany(k => Gen.ListOf(Value(1)).Select(rows =>
                "{\"" + k + "\": [" + string.Join(',', rows) + "]}"))));

    private static Gen<string> Value(int depth)
    {
        var leaf = Gen.OneOf(
            Gen.Constant("null"), Gen.Constant("true"), Gen.Constant("false"),
            Gen.Elements(Numbers),
            Gen.Choose(-1000, 1000).Select(n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Elements(Texts).Select(Quote));
        if (depth == 0)
        {
            return leaf;
        }

        var array = Gen.ListOf(Value(depth - 1)).Select(items => "[" + string.Join(',', items) + "]");
        var member = Gen.Zip(Gen.Elements(Keys), Value(depth - 1), (k, v) => Quote(k) + ":" + v);
        var obj = Gen.ListOf(member).Select(members => "{" + string.Join(',', members) + "}");
        return Gen.Frequency((3, leaf), (2, array), (3, obj));
    }

    private static Gen<string> Query() =>
        Gen.Zip(
            Gen.Elements("/api/customers", "/api/customers/", "/api/kpis/", "/api/customers/C0000001%2F..", "/api/kpis/..%2Fmetrics"),
            Gen.ListOf(Gen.Zip(
                Gen.Elements("segment", "risk_band", "min_churn", "sort", "page", "page_size", "x"),
                Gen.Elements("", "1", "-1", "0", "high", "churn", "clv", "1e999", "NaN", "99999999999", "%FF", "Lost"),
                (k, v) => k + "=" + v)),
            (path, pairs) => path + (pairs.Count == 0 ? "" : "?" + string.Join('&', pairs)));

    private static string Truncate(string text) => text.Length < 2 ? text : text[..(text.Length / 2)];

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
