using System.Text;
using Patron.DuckDb;
using Patron.Features.Build.Kernel;
using Patron.Features.Registry;

namespace Patron.Features.Tests.Kernel;

public sealed class KernelPiecesTests
{
    [Fact]
    public void FeatureSpill_BlocksComeBackValueForValueWithTheirNulls()
    {
        using var spill = new FeatureSpill(Path.GetTempPath());
        var block = new FeatureBlock();
        var features = FeatureRegistry.All.Count;
        for (var b = 0; b < 3; b++)
        {
            var rows = b < 2 ? FeatureBlock.Capacity : 5;
            for (var r = 0; r < rows; r++)
            {
                var row = block.StartRow(Encoding.UTF8.GetBytes(b == 1 ? $"a-customer-id-longer-than-twelve-{r}" : $"C{b}-{r}"));
                for (var f = 0; f < features; f++)
                {
                    if ((r + f) % 3 != 0)
                    {
                        block.Set(f, row, (long)((b * 1_000_000) + (r * 100) + f));
                    }
                }
            }

            spill.Write(block);
            block.Clear();
        }

        spill.Seal();
        Assert.Equal(3, spill.Blocks);
        var buffer = new byte[spill.LargestBlock];
        for (var b = 2; b >= 0; b--)
        {
            var stored = new StoredBlock(spill.Read(b, buffer));
            Assert.Equal(b < 2 ? FeatureBlock.Capacity : 5, stored.Rows);
            for (var r = 0; r < stored.Rows; r++)
            {
                Assert.Equal(b == 1 ? $"a-customer-id-longer-than-twelve-{r}" : $"C{b}-{r}", Encoding.UTF8.GetString(stored.Id(r)));
                for (var f = 0; f < features; f += 7)
                {
                    var set = ((stored.Validity(f)[r >> 6] >> (r & 63)) & 1) != 0;
                    Assert.Equal((r + f) % 3 != 0, set);
                    if (set)
                    {
                        Assert.Equal((b * 1_000_000) + (r * 100) + f, stored.Values(f)[r]);
                    }
                }
            }
        }

        var path = spill.Path;
        spill.Dispose();
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void SideStream_FindsCustomersMovingForwardAndRejectsIdsOutOfOrder()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        const string Row = "NULL::DATE, 'under 25', 'DE', 'ads', 'free', 2::BIGINT, 4.5::DOUBLE, 0.0::DOUBLE, NULL::BIGINT, NULL::DOUBLE, NULL::DOUBLE, NULL::DOUBLE, NULL::BIGINT";
        using (var side = new SideStream(connection.QueryStreaming($"SELECT * FROM (VALUES ('C1', {Row}), ('C3', {Row}), ('C5', {Row})) t ORDER BY 1")))
        {
            Assert.Equal(-1, side.Seek("C0"u8).Country);
            var c1 = side.Seek("C1"u8);
            Assert.Equal("DE", Encoding.UTF8.GetString(side.Countries.Utf8(c1.Country)));
            Assert.Equal(2, c1.ReviewCount);
            Assert.Null(c1.SessionCount);
            Assert.Equal(-1, side.Seek("C2"u8).AgeBand);
            Assert.Equal(4.5, side.Seek("C5"u8).ReviewScoreMean);
            Assert.Equal(-1, side.Seek("C9"u8).Channel);
        }

        using var unordered = new SideStream(connection.QueryStreaming($"SELECT * FROM (VALUES ('C3', {Row}), ('C1', {Row})) t"));
        Assert.Equal(-1, unordered.Seek("C2"u8).Country);
        var error = Assert.Throws<InvalidOperationException>(() => unordered.Seek("C4"u8));
        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(5000)]
    public void SortByTime_FewAndManyRows_TimeThenOrderRow(int rows)
    {
        var random = new Random(rows);
        var micros = new long[rows];
        var orderRows = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            // Few distinct times, so ties are broken by the order row.
            micros[i] = random.Next(0, 20) * 1_000_000L;
            orderRows[i] = random.Next(0, 1_000_000);
        }

        var lines = Enumerable.Range(0, rows).Reverse().ToArray();
        CustomerKernel.SortByTime(lines, micros, orderRows);

        var expected = Enumerable.Range(0, rows).OrderBy(i => micros[i]).ThenBy(i => orderRows[i]).ToArray();
        Assert.Equal(expected.Select(i => (micros[i], orderRows[i])), lines.Select(i => (micros[i], orderRows[i])));
        Assert.Equal(rows, lines.Distinct().Count());
    }

    [Fact]
    public void CoPurchase_RatesAndNextCategoryPerBasket()
    {
        // Categories 0, 1, 2. Baskets: {0,1} × 2 customers, {0} × 1, {1,2} × 1.
        var population = new Population();
        population.Add("A"u8, 1, 1, 1, [0, 1]);
        population.Add("B"u8, 1, 1, 1, [0, 1]);
        population.Add("C"u8, 1, 1, 1, [0]);
        population.Add("D"u8, 1, 1, 1, [1, 2]);
        population.Add("E"u8, 1, 1, 1, []);
        var co = CoPurchase.Compute(population, 3);
        Assert.Equal([3L, 3L, 1L], co.CustomersWith);
        // Pairs in name order: (0,1) 2/3, (1,0) 2/3, (1,2) 1/3, (2,1) 1/1.
        Assert.Equal([(0, 1, 2L), (1, 0, 2L), (1, 2, 1L), (2, 1, 1L)], co.Pairs.Select(p => (p.A, p.B, p.CustomersBoth)));
        Assert.Equal(2.0 / 3.0, co.Pairs[0].Probability);
        Assert.Equal(1.0, co.Pairs[3].Probability);
        // {0,1}: only 2 is open, reached from 1 at 1/3. {0}: 1 at 2/3. {1,2}: 0 at 2/3 (from 1).
        Assert.Equal(-1, population.Basket[4]);
        Assert.Equal(2, co.NextCategory[population.Basket[0]]);
        Assert.Equal(1.0 / 3.0, co.NextProbability[population.Basket[0]]);
        Assert.Equal(1, co.NextCategory[population.Basket[2]]);
        Assert.Equal(0, co.NextCategory[population.Basket[3]]);
        Assert.Equal(2.0 / 3.0, co.NextProbability[population.Basket[3]]);
        Assert.Equal(population.Basket[0], population.Basket[1]);
    }
}
