namespace Patron.Learning.Trees;

/// <summary>Split-based global importance of tree ensembles: total gain and total cover of the splits per feature.</summary>
internal static class TreeImportance
{
    public static double[] Gain(IReadOnlyList<DecisionTree> trees, int featureCount) => Sum(trees, featureCount, useGain: true);

    public static double[] Cover(IReadOnlyList<DecisionTree> trees, int featureCount) => Sum(trees, featureCount, useGain: false);

    private static double[] Sum(IReadOnlyList<DecisionTree> trees, int featureCount, bool useGain)
    {
        var result = new double[featureCount];
        foreach (var tree in trees)
        {
            for (var node = 0; node < tree.NodeCount; node++)
            {
                var f = tree.Feature[node];
                if (f >= 0)
                {
                    result[f] += useGain ? tree.Gain[node] : tree.Cover[node];
                }
            }
        }

        return result;
    }
}
