using System.Net;
using Patron.Server.Security;
using Patron.Server.Tests.Live;

namespace Patron.Server.Tests.Security;

/// <summary>With an API key file the dashboard needs a key too: a page without one goes to the sign-in form, a
/// download answers 401; the form's cookie, or the key in a header, opens both.</summary>
public sealed class DashboardSignInTests(LiveShop shop) : IClassFixture<LiveShop>, IDisposable
{
    private const string ReadKey = "dash-read-key-0123456789";
    private readonly TempFolder _temp = new();

    private Task<Support.ServedRun> Serve()
    {
        var keys = _temp.File("keys.txt");
        File.WriteAllLines(keys, [$"read team {ReadKey}", "admin ops-admin-key-0123456789"]);
        return shop.ServeAsync(o => o with { ApiKeyFile = keys });
    }

    [Fact]
    public async Task NoKey_PagesGoToSignInAndDownloadsAnswer401()
    {
        await using var run = await Serve();
        var page = await run.Client.GetAsync("/customers?sort=clv");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?return=%2Fcustomers%3Fsort%3Dclv", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await run.Client.GetAsync("/")).StatusCode);

        var export = await run.Client.GetAsync("/export/customers.csv");
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.Equal("application/problem+json", export.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(run.Client, "/export/monthly.csv", ("X-Api-Key", "not-a-key-of-the-file-at-all"))).StatusCode);

        var form = await run.Client.GetStringAsync("/signin?return=%2Fretention");
        Assert.Contains("<label for=\"key\">API key</label>", form, StringComparison.Ordinal);
        Assert.Contains("name=\"return\" value=\"/retention\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await run.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await run.Client.GetAsync("/dashboard-assets/dashboard.css")).StatusCode);
    }

    [Fact]
    public async Task SignIn_ValidKey_SetsAStrictHttpOnlyCookieThatOpensPagesAndDownloads()
    {
        await using var run = await Serve();
        var wrong = await SignIn(run.Client, "dash-read-key-0123456780", "/retention");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Contains("id=\"signin-error\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var signed = await SignIn(run.Client, ReadKey, "/retention");
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Equal("/retention", signed.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signed.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SignInTokens.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var value = cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];

        Assert.Equal(HttpStatusCode.OK, (await Get(run.Client, "/retention", ("Cookie", value))).StatusCode);
        var csv = await Get(run.Client, "/export/monthly.csv", ("Cookie", value));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("month,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A changed token, or the cookie on the API, opens nothing.
        var forged = value[..^2] + (value[^2] == 'A' ? "B" : "A") + value[^1];
        Assert.Equal(HttpStatusCode.Redirect, (await Get(run.Client, "/retention", ("Cookie", forged))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(run.Client, "/api/customers/C0000002", ("Cookie", value))).StatusCode);

        // Only a path of this server is a place to return to.
        Assert.Equal("/", (await SignIn(run.Client, ReadKey, "//elsewhere.example/x")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Download_KeyInAHeader_AnswersTheCsv()
    {
        await using var run = await Serve();
        var byHeader = await Get(run.Client, "/export/customers.csv", ("X-Api-Key", ReadKey));
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        var csv = await byHeader.Content.ReadAsStringAsync();
        Assert.StartsWith("customer_id,", csv, StringComparison.Ordinal);

        var byBearer = await Get(run.Client, "/export/customers.csv", ("Authorization", "Bearer " + ReadKey));
        Assert.Equal(HttpStatusCode.OK, byBearer.StatusCode);
        Assert.Equal(csv, await byBearer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Get(run.Client, "/", ("X-Api-Key", ReadKey))).StatusCode);
    }

    public void Dispose() => _temp.Dispose();

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string key, string target) =>
        client.PostAsync("/signin", new FormUrlEncodedContent([new("key", key), new("return", target)]));

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, (string Name, string Value) header)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        return client.SendAsync(request);
    }
}
