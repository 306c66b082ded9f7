using System.Text.Json;
using Patron.Server.Store;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Store;

public sealed class ProfileJsonTests
{
    [Fact]
    public void Write_EveryCustomerOfTheDemoRun_SameBytesAsTheSerializerOfTheProfileRecord()
    {
        var snapshot = RunLoader.Load(ServedRun.DemoRun);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PatronServer.Json(options);
        Assert.True(snapshot.Customers.Count > 300);
        Assert.NotEmpty(snapshot.Customers.Features);
        Assert.NotEmpty(snapshot.Customers.NextProducts);

        var differing = new List<string>();
        for (var row = 0; row < snapshot.Customers.Count; row++)
        {
            var expected = JsonSerializer.SerializeToUtf8Bytes(ProfileBuilder.Build(snapshot, row, withFeatures: true), options);
            var written = ProfileJson.Write(snapshot, row);
            if (!expected.AsSpan().SequenceEqual(written))
            {
                differing.Add(snapshot.Customers.Ids.IdAt(row));
            }
        }

        Assert.Empty(differing);
    }

    [Fact]
    public void Write_SeveralThreads_EachAnswerIsItsOwnCustomer()
    {
        var snapshot = RunLoader.Load(ServedRun.DemoRun);
        var expected = new byte[snapshot.Customers.Count][];
        for (var row = 0; row < expected.Length; row++)
        {
            expected[row] = ProfileJson.Write(snapshot, row);
        }

        var wrong = 0;
        Parallel.For(0, expected.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var row = i % expected.Length;
            if (!ProfileJson.Write(snapshot, row).AsSpan().SequenceEqual(expected[row]))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }
}
