using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Trees;

/// <summary>The grower's walk of many binned rows at once against its walk of one row.</summary>
public sealed class TreeGrowerWalkTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void LeavesOf_RowsWithAndWithoutAMap_SameLeavesAsLeafOf(int depth)
    {
        var (x, y) = TreeTestData.Churn(2_003, 4);
        var binned = BinnedMatrix.Build(x, 64, 1);
        var grower = new TreeGrower(binned, new TreeGrowerSettings { MaxDepth = depth, MinChildWeight = 5, MaxDegreeOfParallelism = 1 });
        var gradients = new GradientPair[x.RowCount];
        for (var i = 0; i < gradients.Length; i++)
        {
            gradients[i] = new GradientPair((float)(0.3 - y[i]), 0.25f);
        }

        // Grown on every other row, so rows it never saw walk too; trees of several depths, some leaves above the
        // deepest level.
        var trainRows = Enumerable.Range(0, x.RowCount).Where(i => i % 2 == 0).ToArray();
        var features = Enumerable.Range(0, x.ColumnCount).ToArray();
        var random = new SeededRandom(4);
        for (var t = 0; t < 4; t++)
        {
            var tree = grower.Grow(gradients, trainRows, features, random);
            Assert.True(tree.Depth >= 2);

            // Every row in a scrambled order (a count not a multiple of four), then through a map of positions.
            var rows = Enumerable.Range(0, x.RowCount).Select(i => (int)((i * 7919L) % x.RowCount)).ToArray();
            var leaves = new int[rows.Length];
            grower.LeavesOf(rows, null, leaves);
            for (var k = 0; k < rows.Length; k++)
            {
                Assert.Equal(grower.LeafOf(rows[k]), leaves[k]);
            }

            var map = rows.Reverse().ToArray();
            var positions = Enumerable.Range(0, 11).Select(k => (k * 37) % map.Length).ToArray();
            var mapped = new int[positions.Length];
            grower.LeavesOf(positions, map, mapped);
            for (var k = 0; k < positions.Length; k++)
            {
                Assert.Equal(grower.LeafOf(map[positions[k]]), mapped[k]);
            }

            for (var i = 0; i < gradients.Length; i++)
            {
                gradients[i] = new GradientPair(gradients[i].Gradient - (0.1f * (float)tree.Value[grower.LeafOf(i)]), 0.25f);
            }
        }
    }
}
