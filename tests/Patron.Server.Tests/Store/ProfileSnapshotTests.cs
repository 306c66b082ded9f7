using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Store;

public sealed class ProfileSnapshotTests
{
    [Fact]
    public async Task Load_WithAndWithoutProfilesBin_EveryProfileHasTheSameBytes()
    {
        await using var served = await ServedRun.StartAsync();
        Assert.True(File.Exists(Path.Combine(served.Folder, "profiles.bin")));
        var file = new PredictionsFile(served.Folder);
        var fromSnapshot = await Profiles(served, file);

        File.Delete(Path.Combine(served.Folder, "profiles.bin"));
        var reloaded = await served.Holder.ReloadAsync();

        Assert.NotNull(reloaded);
        Assert.Equal(fromSnapshot, await Profiles(served, file));
    }

    [Fact]
    public async Task Load_ProfilesBinOfAnotherPredictionsCsv_ReadsTheCsv()
    {
        await using var served = await ServedRun.StartAsync();
        var csv = Path.Combine(served.Folder, "predictions.csv");
        var lines = File.ReadAllLines(csv);
        var id = lines[1].Split(',')[0];

        // A predictions.csv rewritten without its snapshot (one customer fewer): the stale snapshot must not be served.
        File.WriteAllLines(csv, lines.Where((_, i) => i != 1));
        await served.Holder.ReloadAsync();

        using var response = await served.Client.GetAsync(new Uri("/api/customers/" + Uri.EscapeDataString(id), UriKind.Relative));
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(lines.Length - 2, served.Holder.Current!.Customers.Count);
    }

    [Fact]
    public async Task Profile_NextProducts_EqualNextProductsCsvInRankOrder()
    {
        await using var served = await ServedRun.StartAsync();
        var next = Patron.Learning.Data.CsvTable.ReadFile(Path.Combine(served.Folder, "next_products.csv"));
        var customers = next.Column("customer_id");
        var checkedCustomers = 0;
        for (var row = 0; row < next.RowCount && checkedCustomers < 40; row++)
        {
            if (next.Column("rank")[row] != "1")
            {
                continue;
            }

            var expected = new List<string>();
            for (var r = row; r < next.RowCount && customers[r] == customers[row]; r++)
            {
                expected.Add(next.Column("product_id")[r]);
            }

            var (status, body) = await Json.GetAsync(served.Client, "/api/customers/" + Uri.EscapeDataString(customers[row]));
            Assert.Equal(200, status);
            var products = body.GetProperty("next_products").EnumerateArray().ToList();
            Assert.Equal(expected, products.Select(p => p.GetProperty("product_id").GetString()));
            Assert.Equal(next.Column("reason")[row], products[0].GetProperty("reason").GetString());
            checkedCustomers++;
        }

        Assert.Equal(40, checkedCustomers);
    }

    private static async Task<List<byte[]>> Profiles(ServedRun served, PredictionsFile file)
    {
        var profiles = new List<byte[]>();
        for (var row = 0; row < file.Count; row++)
        {
            profiles.Add(await served.Client.GetByteArrayAsync(new Uri("/api/customers/" + Uri.EscapeDataString(file.Cell(row, "customer_id")), UriKind.Relative)));
        }

        return profiles;
    }
}
