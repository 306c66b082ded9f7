using System.Net;
using System.Text;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Security;

public sealed class SafetyTests
{
    private const string ReadKey = "read-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdef";

    [Theory]
    [InlineData("{\"customer_ids\": [")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"customer_ids\": \"C0000001\"}")]
    [InlineData("{\"customer_ids\": [true]}")]
    [InlineData("{\"customer_ids\": [{}]}")]
    [InlineData("{\"customer_ids\": [], \"customers\": []}")]
    [InlineData("{\"customer_id\": []}")]
    [InlineData("")]
    public async Task ScoreCustomers_MalformedBody_Returns400Problem(string body)
    {
        await using var served = await ServedRun.StartAsync();
        var (status, problem) = await Json.PostAsync(served.Client, "/api/score/customers", body);
        Assert.Equal(400, status);
        Assert.True(Json.IsProblem(problem, 400), problem.GetRawText());
    }

    [Fact]
    public async Task ScoreCustomers_BodyOverTheLimit_Returns413Problem()
    {
        await using var served = await ServedRun.StartAsync(o => o with { MaxBodyBytes = 1_000 });
        var body = "{\"customer_ids\": [" + string.Join(',', Enumerable.Repeat("\"C0000001\"", 200)) + "]}";
        var (status, problem) = await Json.PostAsync(served.Client, "/api/score/customers", body);
        Assert.Equal(413, status);
        Assert.True(Json.IsProblem(problem, 413));
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, problem) = await Json.GetAsync(served.Client, "/api/nothing");
        Assert.Equal(404, status);
        Assert.True(Json.IsProblem(problem, 404), problem.GetRawText());
    }

    [Fact]
    public async Task ApiKeyFile_NoOrWrongKey_Returns401ButHealthStaysOpen()
    {
        await using var served = await StartWithKeys();
        var (status, problem) = await Json.GetAsync(served.Client, "/api/customers/C0000001");
        Assert.Equal(401, status);
        Assert.True(Json.IsProblem(problem, 401));
        using var wrong = Request(HttpMethod.Get, "/api/customers/C0000001", "read-key-0123456789abcdeX");
        using var wrongResponse = await served.Client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        var (health, _) = await Json.GetAsync(served.Client, "/health");
        Assert.Equal(200, health);
    }

    [Fact]
    public async Task ApiKeyFile_ReadKey_ReadsButCannotReload()
    {
        await using var served = await StartWithKeys();
        using var read = Request(HttpMethod.Get, "/api/customers/C0000001", ReadKey);
        using var readResponse = await served.Client.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, readResponse.StatusCode);
        using var reload = Request(HttpMethod.Post, "/api/admin/reload", ReadKey);
        using var reloadResponse = await served.Client.SendAsync(reload);
        Assert.Equal(HttpStatusCode.Forbidden, reloadResponse.StatusCode);
        Assert.True(Json.IsProblem(await Json.Read(reloadResponse), 403));
    }

    [Fact]
    public async Task ApiKeyFile_AdminKeyAsBearer_Reloads()
    {
        await using var served = await StartWithKeys();
        using var reload = new HttpRequestMessage(HttpMethod.Post, "/api/admin/reload");
        reload.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await served.Client.SendAsync(reload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.Read(response);
        Assert.False(body.GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task RateLimit_OverThePerSecondLimit_Returns429ProblemWithRetryAfter()
    {
        await using var served = await ServedRun.StartAsync(o => o with { RateLimitPerSecond = 3 });
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await served.Client.GetAsync(new Uri("/api/segments", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.True(limited.Headers.Contains("Retry-After"));
            Assert.True(Json.IsProblem(await Json.Read(limited), 429));
        }

        var (health, _) = await Json.GetAsync(served.Client, "/health");
        Assert.Equal(200, health);
    }

    [Fact]
    public async Task Logs_ProfileRequests_HoldNoCustomerId()
    {
        var sink = new LogSink();
        await using var logged = await ServedRun.StartAsync(logs: sink);
        await logged.Client.GetAsync(new Uri("/api/customers/C0000007", UriKind.Relative));
        await logged.Client.GetAsync(new Uri("/api/customers/NOT-A-CUSTOMER-42", UriKind.Relative));
        await logged.Client.PostAsync(new Uri("/api/score/customers", UriKind.Relative),
            new StringContent("{\"customer_ids\": [\"C0000009\"]}", Encoding.UTF8, "application/json"));
        Assert.NotEmpty(sink.Messages);
        Assert.DoesNotContain(sink.Messages, m => m.Contains("C0000007", StringComparison.Ordinal)
            || m.Contains("NOT-A-CUSTOMER-42", StringComparison.Ordinal) || m.Contains("C0000009", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("read abc")]
    [InlineData("owner 0123456789abcdef0123")]
    [InlineData("# only a comment")]
    public void ApiKeys_BadFile_IsRefusedWithTheLine(string line)
    {
        Assert.Throws<FormatException>(() => Patron.Server.Security.ApiKeys.Parse([line], "keys.txt"));
    }

    [Fact]
    public void ApiKeys_Match_RoleOfTheKeyOrNull()
    {
        var keys = Patron.Server.Security.ApiKeys.Parse(["# keys", "", $"read crm {ReadKey}", $"admin {AdminKey}"], "keys.txt");
        Assert.Equal(Patron.Server.Security.ApiKeyRole.Read, keys.Match(ReadKey));
        Assert.Equal(Patron.Server.Security.ApiKeyRole.Admin, keys.Match(AdminKey));
        Assert.Null(keys.Match(ReadKey.AsSpan(0, ReadKey.Length - 1)));
        Assert.Null(keys.Match(""));
    }

    private static async Task<ServedRun> StartWithKeys()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), "patron-tests", Guid.NewGuid().ToString("N") + ".keys");
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        await File.WriteAllTextAsync(keyFile, $"# read keys for the CRM\nread crm {ReadKey}\nadmin {AdminKey}\n");
        try
        {
            return await ServedRun.StartAsync(o => o with { ApiKeyFile = keyFile });
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        return request;
    }
}
