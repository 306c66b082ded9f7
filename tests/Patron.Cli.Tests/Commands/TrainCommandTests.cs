using System.Globalization;
using System.Text;
using Patron.Cli.Commands;
using Patron.Learning;
using Patron.Learning.Data;

namespace Patron.Cli.Tests.Commands;

/// <summary><c>patron train</c> through the candidate-evaluation engine: the cross-validation mean chooses, the chosen
/// learner is refitted on every row.</summary>
public sealed class TrainCommandTests
{
    [Fact]
    public void Train_Auto_ChoosesBestCrossValidatedAndIsDeterministic()
    {
        using var folder = new TempFolder();
        var data = new FileInfo(Write(folder.File("train.csv"), 400, seed: 3));
        var request = new TrainCommand.TrainRequest(data, "y", null, "auto", 3, null, "id", 5);

        var first = TrainCommand.Train(request, TextWriter.Null);
        var second = TrainCommand.Train(request, TextWriter.Null);

        Assert.Equal(TaskKind.Binary, first.Task);
        Assert.Equal(["lr", "gbdt"], first.Candidates.Keys);
        var best = first.Candidates["lr"].RocAuc >= first.Candidates["gbdt"].RocAuc ? "lr" : "gbdt";
        Assert.Equal(best, first.ModelName);
        Assert.Equal(first.Candidates[best], first.CrossValidated);
        Assert.Equal(first.OutOfFold, second.OutOfFold);
        Assert.Equal(first.ModelName, second.ModelName);

        // The refit is the chosen learner fitted on every row.
        var table = LabeledTable.ForTraining(TrainCommand.ReadTable(data), "y", "id", null);
        var direct = TrainCommand.CreateLearner(first.ModelName, TaskKind.Binary, 5).Fit(table.X, table.Y!, []);
        var expected = new double[table.X.RowCount];
        var actual = new double[table.X.RowCount];
        direct.Predict(table.X, expected);
        first.Model.Predict(table.X, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Train_OneModelWithoutFolds_RefitsWithoutCrossValidation()
    {
        using var folder = new TempFolder();
        var data = new FileInfo(Write(folder.File("train.csv"), 200, seed: 4));

        var result = TrainCommand.Train(new TrainCommand.TrainRequest(data, "y", null, "gbdt", 0, null, "id", 1), TextWriter.Null);

        Assert.Equal("gbdt", result.ModelName);
        Assert.Null(result.CrossValidated);
        Assert.Empty(result.Candidates);
        Assert.Throws<ArgumentException>(() => TrainCommand.Train(new TrainCommand.TrainRequest(data, "y", null, "auto", 0, null, "id", 1), TextWriter.Null));
    }

    private static string Write(string path, int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("id,a,b,y\n");
        for (var i = 0; i < rows; i++)
        {
            var a = (random.NextDouble() * 4) - 2;
            var b = (random.NextDouble() * 4) - 2;
            var y = random.NextDouble() < 1 / (1 + Math.Exp(-2 * a)) ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"c{i},{a:0.####},{b:0.####},{y}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
