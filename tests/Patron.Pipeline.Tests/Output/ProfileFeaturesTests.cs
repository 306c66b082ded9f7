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

    [Fact]
    public void StreamFeatures_ColumnsReused_EachColumnAsTakenEqualsTheWholeTable()
    {
        var path = Path.Combine(fixture.RunFolder, "features.parquet");
        string[] fileIds;
        using (var table = RunTable.ReadParquet(path))
        {
            fileIds = table.Texts("customer_id").Select(id => id!).ToArray();
        }

        var ids = fileIds.Where((_, i) => i % 3 != 1).Reverse().Append("no-such-customer").ToArray();
        var whole = ProfileSnapshotWriter.ReadFeatures(path, ids);
        var copies = new List<(string Name, long[]? Bits, string?[]? Texts)>();
        var arrays = new HashSet<object>(ReferenceEqualityComparer.Instance);

        // The arrays are filled again by the next pass, so each column is copied as it is taken.
        ProfileSnapshotWriter.StreamFeatures(path, ids, f =>
        {
            arrays.Add((object?)f.Numbers ?? f.Texts!);
            copies.Add((f.Name, f.Numbers?.Select(BitConverter.DoubleToInt64Bits).ToArray(), f.Texts?.ToArray()));
        }, reuseColumns: true);

        Assert.True(whole.Count > 2 * ProfileSnapshotWriter.ColumnsPerPass, $"{whole.Count} feature columns: the test needs several passes");
        Assert.Equal(whole.Select(f => f.Name), copies.Select(c => c.Name));
        Assert.True(arrays.Count < whole.Count, $"{arrays.Count} arrays for {whole.Count} columns: the passes reuse them");
        for (var c = 0; c < whole.Count; c++)
        {
            Assert.Equal(whole[c].Texts, copies[c].Texts);
            Assert.Equal(whole[c].Numbers?.Select(BitConverter.DoubleToInt64Bits), copies[c].Bits);
        }
    }

    [Fact]
    public void Texts_SharedAndCopiedObjects_SameBytesAndTheTextsReadBack()
    {
        // Shared objects (as reasons and next products are) against equal texts in objects of their own, more distinct
        // objects than the writer's table of objects seen last, one column after another in the same file.
        const int N = 20_000;
        var shared = Enumerable.Range(0, 9_000).Select(k => "text " + k).ToArray();
        var sharedColumn = new string?[N];
        var copiedColumn = new string?[N];
        for (var i = 0; i < N; i++)
        {
            var text = i % 11 == 0 ? null : i % 13 == 0 ? "" : shared[(i * 7919) % (i % 2 == 0 ? 9_000 : 40)];
            sharedColumn[i] = text;
            copiedColumn[i] = text is null ? null : new string(text.AsSpan());
        }

        var root = Path.Combine(fixture.Root, "texts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var first = Write("shared.bin", sharedColumn);
        var second = Write("copied.bin", copiedColumn);

        Assert.Equal(File.ReadAllBytes(second), File.ReadAllBytes(first));
        var columns = ProfileSnapshot.Read(first);
        foreach (var (name, at) in new (string, Func<int, int>)[] { ("a", i => i), ("b", Shuffled) })
        {
            var (pool, codes) = columns.Texts[name];
            var back = codes.Select(code => code == 0 ? null : pool[code]).ToArray();
            Assert.Equal(Enumerable.Range(0, N).Select(i => sharedColumn[at(i)] is { Length: > 0 } t ? t : null), back);
        }

        string Write(string file, string?[] column)
        {
            var path = Path.Combine(root, file);
            using var writer = ProfileSnapshot.Create(path, N, 0);
            writer.Texts("a", N, i => column[i]);
            writer.Texts("b", N, i => column[Shuffled(i)]);
            writer.Complete();
            return path;
        }

        // 31 and N share no factor: every row once, in another order.
        static int Shuffled(int i) => (int)((i * 31L) % N);
    }
}
