using Patron.Pipeline.Output;
using Patron.Pipeline.Tests.Support;

namespace Patron.Pipeline.Tests.Output;

/// <summary>profiles.bin's feature columns streamed from features.parquet a few at a time equal those read whole.</summary>
public sealed class ProfileFeaturesTests(DemoRunFixture fixture) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void StreamFeatures_IdsReorderedAndUnknown_SameColumnsInTheSameOrderAsTheWholeTable()
    {
        var path = Path.Combine(fixture.RunFolder, "features.parquet");
        string[] fileIds;
        using (var table = RunTable.ReadParquet(path))
        {
            fileIds = table.Texts("customer_id").Select(id => id!).ToArray();
        }

        // Every other customer, last first, and one the file does not have: rows left out, rows reordered, a missing row.
        var ids = fileIds.Where((_, i) => i % 2 == 0).Reverse().Append("no-such-customer").ToArray();
        var whole = ProfileSnapshotWriter.ReadFeatures(path, ids);
        var streamed = new List<ProfileSnapshotWriter.Feature>();

        ProfileSnapshotWriter.StreamFeatures(path, ids, streamed.Add);

        Assert.True(whole.Count > 2 * ProfileSnapshotWriter.ColumnsPerPass, $"{whole.Count} feature columns: the test needs several passes");
        Assert.Contains(whole, f => f.Texts is not null);
        Assert.Equal(whole.Select(f => f.Name), streamed.Select(f => f.Name));
        for (var c = 0; c < whole.Count; c++)
        {
            Assert.Equal(whole[c].Texts, streamed[c].Texts);
            if (whole[c].Numbers is { } numbers)
            {
                // Bit for bit, NaN included.
                Assert.Equal(numbers.Select(BitConverter.DoubleToInt64Bits), streamed[c].Numbers!.Select(BitConverter.DoubleToInt64Bits));
                Assert.True(double.IsNaN(streamed[c].Numbers![^1]));
            }
        }
    }

    [Fact]
    public void StreamFeatures_NoFile_NoColumns()
    {
        var streamed = new List<ProfileSnapshotWriter.Feature>();

        ProfileSnapshotWriter.StreamFeatures(Path.Combine(fixture.Root, "none.parquet"), ["a"], streamed.Add);

        Assert.Empty(streamed);
    }
}
