using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Linear;
using Patron.Learning.Selection;
using Patron.Learning.Serialization;

namespace Patron.Learning.Tests.Selection;

public sealed class CandidateSelectionTests
{
    private static readonly SelectionProblem RocProblem = new()
    {
        Kind = TaskKind.Binary,
        PrimaryMetric = "roc_auc",
        OutOfTimeTestLabels = [0, 1],
        RefitLabels = [0, 1],
        Views = [],
    };

    [Fact]
    public void Choose_ModelBeatsBaseline_ChoosesBestModel()
    {
        var results = new[] { Result("baseline", CandidateRole.Baseline, 0.70), Result("a", CandidateRole.Learner, 0.75), Result("b", CandidateRole.Learner, 0.80) };

        var choice = CandidateSelection.Choose(RocProblem, results);

        Assert.Equal("b", choice.Chosen.Candidate.Name);
        Assert.False(choice.BaselineKept);
        Assert.Equal("baseline", choice.Baseline!.Candidate.Name);
        Assert.Equal("b beats baseline out of time: roc_auc 0.8 against 0.7", choice.Reason);
    }

    [Fact]
    public void Choose_EveryModelLosesToBaseline_KeepsBaselineWithReason()
    {
        var results = new[] { Result("baseline", CandidateRole.Baseline, 0.835), Result("logistic", CandidateRole.Learner, 0.822), Result("gbdt", CandidateRole.Learner, 0.81) };

        var choice = CandidateSelection.Choose(RocProblem, results);

        Assert.True(choice.BaselineKept);
        Assert.Equal("baseline", choice.Chosen.Candidate.Name);
        Assert.Equal("logistic", choice.BestModel!.Candidate.Name);
        Assert.StartsWith("baseline kept: ", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("logistic", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("0.822", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("0.835", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_ModelTiesBaseline_KeepsBaseline()
    {
        var results = new[] { Result("baseline", CandidateRole.Baseline, 0.8), Result("a", CandidateRole.Learner, 0.8) };

        Assert.True(CandidateSelection.Choose(RocProblem, results).BaselineKept);
    }

    [Fact]
    public void Choose_TwoModelsTie_EarlierCandidateWins()
    {
        var results = new[] { Result("baseline", CandidateRole.Baseline, 0.5), Result("first", CandidateRole.Learner, 0.8), Result("second", CandidateRole.Scorer, 0.8) };

        Assert.Equal("first", CandidateSelection.Choose(RocProblem, results).Chosen.Candidate.Name);
    }

    [Fact]
    public void Choose_LowerIsBetterMetric_PicksSmallest()
    {
        var problem = RocProblem with { Kind = TaskKind.Regression, PrimaryMetric = "rmse", OutOfTimeTestLabels = null, CrossValidationLabels = [1, 2] };
        var results = new[]
        {
            new CandidateResult(Candidate("a", CandidateRole.Learner), null, new MetricSet { Rmse = 3 }, null, null),
            new CandidateResult(Candidate("b", CandidateRole.Learner), null, new MetricSet { Rmse = 2 }, null, null),
        };

        var choice = CandidateSelection.Choose(problem, results);

        Assert.Equal("b", choice.Chosen.Candidate.Name);
        Assert.Null(choice.Baseline);
        Assert.Contains("by cross-validation", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NoModelMeasured_KeepsBaseline()
    {
        var results = new[] { Result("baseline", CandidateRole.Baseline, 0.6), Result("a", CandidateRole.Learner, double.NaN) };

        var choice = CandidateSelection.Choose(RocProblem, results);

        Assert.True(choice.BaselineKept);
        Assert.Null(choice.BestModel);
        Assert.Equal("baseline kept: no model could be measured out of time", choice.Reason);
    }

    [Fact]
    public void Run_SignalInFeatures_ModelBeatsBaselineAndRefitsOnRefitRows()
    {
        var (problem, baseline) = Problem(signal: 3.0, rows: 600, seed: 1);
        var candidates = new[] { baseline, ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()) };

        var outcome = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 7 });

        Assert.False(outcome.Choice.BaselineKept);
        Assert.Equal("logistic", outcome.Chosen.Candidate.Name);
        Assert.NotNull(outcome.Model);
        Assert.Equal(problem.Views[0]!.Score!.RowCount, outcome.Scores.Length);
        Assert.Equal(3, outcome.Chosen.Folds!.Folds.Count);
        Assert.Equal(problem.CrossValidationLabels!.Length, outcome.Chosen.Folds.OutOfFold.Length);

        // The refit is the learner fitted on the refit rows alone.
        var direct = new LogisticRegressionLearner().Fit(problem.Views[0]!.Refit, problem.RefitLabels, []);
        var expected = new double[outcome.Scores.Length];
        direct.Predict(problem.Views[0]!.Score!, expected);
        Assert.Equal(expected, outcome.Scores);
    }

    [Fact]
    public void Run_ModelMustLose_BaselineKeptAndScoresAreCalibratedBaseline()
    {
        // The label follows the baseline's column, which the learner never sees; its features are noise.
        var (problem, baseline) = Problem(signal: 0.0, rows: 600, seed: 2);
        var candidates = new[] { baseline, ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()) };

        var outcome = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 7 });

        Assert.True(outcome.Choice.BaselineKept);
        Assert.Equal("baseline", outcome.Chosen.Candidate.Name);
        Assert.Null(outcome.Model);
        Assert.StartsWith("baseline kept: the best model, logistic,", outcome.Choice.Reason, StringComparison.Ordinal);
        Assert.All(outcome.Scores, s => Assert.InRange(s, 0, 1));

        // Calibration is monotone: the kept baseline's order of the scored rows is the baseline's own.
        var raw = baseline.Scorer!(EvaluationPhase.Scoring);
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] > raw[i - 1])
            {
                Assert.True(outcome.Scores[i] >= outcome.Scores[i - 1]);
            }
        }
    }

    [Fact]
    public void Run_LearnerAndBaselineSeeDifferentHalves_BlendWinsAndScoresAreProbabilities()
    {
        // The label follows z + w; the baseline ranks by z, the learner sees only w: each alone misses half.
        var (problem, baseline) = Problem(signal: 5.0, rows: 800, seed: 10, learnerSeesZ: false);
        var candidates = new[] { baseline, ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()) };

        var plain = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2 });
        var blended = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2, BlendWithBaseline = true });

        Assert.Equal(2, plain.Results.Count);
        Assert.Equal(3, blended.Results.Count);
        var blend = blended.Results[2];
        Assert.Equal("logistic_blend", blend.Candidate.Name);
        Assert.Equal(CandidateRole.Blend, blend.Candidate.Role);
        Assert.True(blend.OutOfTime!.RocAuc > blended.Results[0].OutOfTime!.RocAuc);
        Assert.True(blend.OutOfTime.RocAuc > blended.Results[1].OutOfTime!.RocAuc);
        Assert.Null(blend.OutOfTime.LogLoss);
        Assert.NotNull(blend.CrossValidation!.RocAuc);
        Assert.Equal("logistic_blend", blended.Chosen.Candidate.Name);
        Assert.NotNull(blended.Model);
        Assert.All(blended.Scores, s => Assert.InRange(s, 0, 1));

        // The blend's rows to score: the learner refitted and the baseline, mean rank, calibrated (so order-preserving).
        Assert.Equal(plain.Results[1].OutOfTime, blended.Results[1].OutOfTime);
    }

    [Fact]
    public void Evaluate_CandidatesInGivenOrder_ResultsKeepOrderAndBaselineIsRankOnly()
    {
        var (problem, baseline) = Problem(signal: 3.0, rows: 400, seed: 3);
        var candidates = new[]
        {
            ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()),
            baseline,
            ModelCandidate.ForScorer("constant", "one score for all", phase => new double[Rows(problem, phase)]),
        };
        var progress = new List<string>();

        var results = CandidateSelection.Evaluate(problem with { Name = "task" }, candidates, new SelectionOptions { Folds = 2, Seed = 1 }, new ListProgress(progress));

        Assert.Equal(["logistic", "baseline", "constant"], results.Select(r => r.Candidate.Name));
        Assert.Null(results[1].OutOfTime!.LogLoss);
        Assert.NotNull(results[1].OutOfTime!.RocAuc);
        Assert.NotNull(results[0].OutOfTime!.LogLoss);
        Assert.Equal(["task: logistic, baseline, constant out of time", "task: logistic 2-fold cross-validation"], progress);
    }

    [Fact]
    public void Run_SameSeed_SameResults()
    {
        var (problem, baseline) = Problem(signal: 1.5, rows: 500, seed: 4);
        var candidates = new[] { baseline, ModelCandidate.ForLearner("gbdt", "trees", new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 30, Seed = 9 })) };

        var a = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5 });
        var b = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5 });
        var c = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 6 });

        Assert.Equal(a.Scores, b.Scores);
        Assert.Equal(a.Results[1].OutOfTime, b.Results[1].OutOfTime);
        Assert.Equal(a.Results[1].CrossValidation, b.Results[1].CrossValidation);
        Assert.Equal(a.Results[1].Candidate.Description, b.Results[1].Candidate.Description);
        Assert.NotEqual(a.Results[1].CrossValidation, c.Results[1].CrossValidation);
    }

    [Fact]
    public void Run_OneThreadOrMany_SameResultsAndScores()
    {
        var (problem, baseline) = Problem(signal: 1.5, rows: 600, seed: 12);
        var candidates = new[]
        {
            baseline,
            ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()),
            ModelCandidate.ForLearner("gbdt", "trees", new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 40, RowSample = 0.8, ColumnSample = 0.8, Seed = 3 })),
        };

        foreach (var every in new[] { true, false })
        {
            var one = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5, BlendWithBaseline = true, CrossValidateEvery = every, MaxDegreeOfParallelism = 1 });
            var many = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5, BlendWithBaseline = true, CrossValidateEvery = every, MaxDegreeOfParallelism = 4 });

            Assert.Equal(one.Scores, many.Scores);
            Assert.Equal(one.Chosen.Candidate.Name, many.Chosen.Candidate.Name);
            Assert.Equal(one.Results.Count, many.Results.Count);
            for (var i = 0; i < one.Results.Count; i++)
            {
                Assert.Equal(one.Results[i].Candidate.Description, many.Results[i].Candidate.Description);
                Assert.Equal(one.Results[i].OutOfTime, many.Results[i].OutOfTime);
                Assert.Equal(one.Results[i].CrossValidation, many.Results[i].CrossValidation);
                Assert.Equal(one.Results[i].OutOfTimePredictions, many.Results[i].OutOfTimePredictions);
                Assert.Equal(one.Results[i].Folds?.OutOfFold, many.Results[i].Folds?.OutOfFold);
            }
        }
    }

    [Fact]
    public void Run_CrossValidateChosenOnly_SameChoiceAndScores_OtherLearnersWithoutFolds()
    {
        var (problem, baseline) = Problem(signal: 1.5, rows: 600, seed: 13);
        var candidates = new[]
        {
            baseline,
            ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()),
            ModelCandidate.ForLearner("gbdt", "trees", new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 40, Seed = 3 })),
        };

        var every = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5 });
        var chosenOnly = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5, CrossValidateEvery = false });

        Assert.Equal(every.Chosen.Candidate.Name, chosenOnly.Chosen.Candidate.Name);
        Assert.Equal(every.Scores, chosenOnly.Scores);
        Assert.Equal(every.Chosen.CrossValidation, chosenOnly.Chosen.CrossValidation);
        Assert.NotNull(chosenOnly.ChosenFolds);
        Assert.NotNull(chosenOnly.Results[0].CrossValidation);
        foreach (var result in chosenOnly.Results)
        {
            if (result.Candidate.Learner is not null && result.Candidate.Name != chosenOnly.Chosen.Candidate.Name)
            {
                Assert.Null(result.CrossValidation);
                Assert.Null(result.Folds);
            }

            Assert.Equal(every.Results.Single(r => r.Candidate.Name == result.Candidate.Name).OutOfTime, result.OutOfTime);
        }
    }

    [Fact]
    public void Run_CrossValidateChosenOnly_ChosenBlendGetsItsLearnersFolds()
    {
        var (problem, baseline) = Problem(signal: 5.0, rows: 800, seed: 10, learnerSeesZ: false);
        var candidates = new[] { baseline, ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()) };

        var every = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2, BlendWithBaseline = true });
        var chosenOnly = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2, BlendWithBaseline = true, CrossValidateEvery = false });

        Assert.Equal("logistic_blend", chosenOnly.Chosen.Candidate.Name);
        Assert.Equal(every.Results[2].CrossValidation, chosenOnly.Results[2].CrossValidation);
        Assert.Equal(every.Results[1].CrossValidation, chosenOnly.Results[1].CrossValidation);
        Assert.Equal(every.Scores, chosenOnly.Scores);
    }

    [Fact]
    public void Run_NoFoldsForTheChosen_SameChoiceAndScores_NoLearnerFolds()
    {
        var (problem, baseline) = Problem(signal: 1.5, rows: 600, seed: 13);
        var candidates = new[]
        {
            baseline,
            ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()),
            ModelCandidate.ForLearner("gbdt", "trees", new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 40, Seed = 3 })),
        };

        var chosenOnly = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5, CrossValidateEvery = false });
        var none = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 5, CrossValidateEvery = false, CrossValidateChosen = false });

        Assert.Equal(chosenOnly.Chosen.Candidate.Name, none.Chosen.Candidate.Name);
        Assert.Equal(chosenOnly.Scores, none.Scores);
        Assert.NotNull(chosenOnly.ChosenFolds);
        Assert.Null(none.ChosenFolds);
        Assert.NotNull(none.Results[0].CrossValidation);
        for (var i = 1; i < none.Results.Count; i++)
        {
            Assert.Equal(chosenOnly.Results[i].OutOfTime, none.Results[i].OutOfTime);
            if (none.Results[i].Candidate.Learner is not null)
            {
                Assert.Null(none.Results[i].CrossValidation);
            }
        }
    }

    [Fact]
    public void Run_NoFoldsForTheChosen_ChosenBlendStillGetsItsLearnersFolds()
    {
        var (problem, baseline) = Problem(signal: 5.0, rows: 800, seed: 10, learnerSeesZ: false);
        var candidates = new[] { baseline, ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()) };

        var chosenOnly = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2, BlendWithBaseline = true, CrossValidateEvery = false });
        var none = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2, BlendWithBaseline = true, CrossValidateEvery = false, CrossValidateChosen = false });

        Assert.Equal("logistic_blend", none.Chosen.Candidate.Name);
        Assert.Equal(chosenOnly.Results[2].CrossValidation, none.Results[2].CrossValidation);
        Assert.Equal(chosenOnly.Scores, none.Scores);
    }

    [Fact]
    public void Run_ThreadsOfTheSelectionAndOfTheLearners_ByteIdenticalModelsAndResults()
    {
        var (problem, baseline) = Problem(signal: 1.5, rows: 3_000, seed: 21);
        ModelCandidate[] Candidates(int threads) =>
        [
            baseline,
            ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()),
            ModelCandidate.ForLearner("gbdt", "trees", new GradientBoostingLearner(new GradientBoostingOptions
            {
                Rounds = 30, RowSample = 0.8, ColumnSample = 0.8, Seed = 3, MaxDegreeOfParallelism = threads,
            })),
            ModelCandidate.ForLearner("gbdt_full", "trees on every row", new GradientBoostingLearner(new GradientBoostingOptions
            {
                Rounds = 20, Seed = 4, MaxDegreeOfParallelism = threads,
            })),
        ];

        var one = CandidateSelection.Run(problem, Candidates(1), new SelectionOptions { Folds = 3, Seed = 5, BlendWithBaseline = true, MaxDegreeOfParallelism = 1 });
        var two = CandidateSelection.Run(problem, Candidates(2), new SelectionOptions { Folds = 3, Seed = 5, BlendWithBaseline = true, MaxDegreeOfParallelism = 2 });
        var every = CandidateSelection.Run(problem, Candidates(-1), new SelectionOptions { Folds = 3, Seed = 5, BlendWithBaseline = true, MaxDegreeOfParallelism = -1 });

        foreach (var other in new[] { two, every })
        {
            Assert.Equal(ModelSerializer.ToBytes(one.Model!), ModelSerializer.ToBytes(other.Model!));
            Assert.Equal(one.Scores, other.Scores);
            for (var i = 0; i < one.Results.Count; i++)
            {
                Assert.Equal(one.Results[i].Candidate.Description, other.Results[i].Candidate.Description);
                Assert.Equal(one.Results[i].OutOfTime, other.Results[i].OutOfTime);
                Assert.Equal(one.Results[i].OutOfTimePredictions, other.Results[i].OutOfTimePredictions);
                Assert.Equal(one.Results[i].Folds?.OutOfFold, other.Results[i].Folds?.OutOfFold);
            }
        }
    }

    [Fact]
    public void Run_BaselineKept_BestLearnerRefittedWhenAsked()
    {
        var (problem, baseline) = Problem(signal: 0.0, rows: 400, seed: 14);
        var candidates = new[] { baseline, ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner()) };

        var outcome = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2, CrossValidateEvery = false, RefitBestLearnerToExplain = true });
        var plain = CandidateSelection.Run(problem, candidates, new SelectionOptions { Folds = 3, Seed = 2, CrossValidateEvery = false });

        Assert.True(outcome.Choice.BaselineKept);
        Assert.Null(outcome.Model);
        Assert.IsType<LogisticRegressionModel>(outcome.BestLearnerModel);
        Assert.Null(plain.BestLearnerModel);
        Assert.Null(outcome.Results[1].CrossValidation);
    }

    [Fact]
    public void Evaluate_Boosting_RoundsFixedByEarlyStoppingForFoldsAndRefit()
    {
        var (problem, _) = Problem(signal: 1.5, rows: 500, seed: 6);
        var learner = new GradientBoostingLearner(new GradientBoostingOptions { Rounds = 300, LearningRate = 0.3, EarlyStoppingRounds = 5, Seed = 1 });

        var result = CandidateSelection.Evaluate(problem, [ModelCandidate.ForLearner("gbdt", "trees", learner)],
            new SelectionOptions { Folds = 2, Seed = 1, ValidationRowsName = "the earlier rows" })[0];

        var fixedLearner = Assert.IsType<GradientBoostingLearner>(result.Candidate.Learner);
        Assert.InRange(fixedLearner.Options.Rounds, 1, 299);
        Assert.Equal(0, fixedLearner.Options.EarlyStoppingRounds);
        Assert.EndsWith($"; {fixedLearner.Options.Rounds} rounds (early stopping on a fifth of the earlier rows, at most 300)", result.Candidate.Description, StringComparison.Ordinal);
        var (model, _) = CandidateSelection.Refit(problem, result.Candidate, new SelectionOptions());
        Assert.Equal(fixedLearner.Options.Rounds, Assert.IsType<GradientBoostingModel>(model).Trees.Count);
    }

    [Fact]
    public void Evaluate_NoOutOfTimeSplit_JudgesByFoldsOnly()
    {
        var (problem, _) = Problem(signal: 2.0, rows: 300, seed: 8);
        var crossOnly = problem with { OutOfTimeFitLabels = null, OutOfTimeTestLabels = null };

        var result = CandidateSelection.Evaluate(crossOnly, [ModelCandidate.ForLearner("logistic", "logistic", new LogisticRegressionLearner())], new SelectionOptions { Folds = 3 })[0];

        Assert.Null(result.OutOfTime);
        Assert.Null(result.OutOfTimePredictions);
        Assert.NotNull(result.CrossValidation!.RocAuc);
    }

    private static CandidateResult Result(string name, CandidateRole role, double value) =>
        new(Candidate(name, role), new MetricSet { RocAuc = value }, new MetricSet { RocAuc = value }, null, null);

    private static ModelCandidate Candidate(string name, CandidateRole role) => new(name, role, name, null, 0, _ => []);

    private static int Rows(SelectionProblem problem, EvaluationPhase phase) => phase switch
    {
        EvaluationPhase.OutOfTime => problem.OutOfTimeTestLabels!.Length,
        EvaluationPhase.CrossValidation => problem.CrossValidationLabels!.Length,
        _ => problem.Views[0]!.Score!.RowCount,
    };

    /// <summary>Three periods of rows: fit, test (also the folds and the refit) and score. The label depends on two hidden
    /// scores z and w; the baseline ranks by z alone. With a positive <paramref name="signal"/> the learners see z and w
    /// (plus noise shrinking with it) and can beat the baseline; with 0 they see noise only and must lose.</summary>
    private static (SelectionProblem Problem, ModelCandidate Baseline) Problem(double signal, int rows, int seed, bool learnerSeesZ = true)
    {
        var random = new Random(seed);
        (FeatureMatrix X, double[] Y, double[] Z) Period()
        {
            var a = new float[rows];
            var b = new float[rows];
            var y = new double[rows];
            var z = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                z[i] = (random.NextDouble() * 4) - 2;
                var w = (random.NextDouble() * 4) - 2;
                a[i] = (float)(signal > 0 && learnerSeesZ ? z[i] + (Normal(random) / signal) : Normal(random));
                b[i] = (float)(signal > 0 ? w + (Normal(random) / signal) : Normal(random));
                y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-2 * (z[i] + w))) ? 1 : 0;
            }

            var schema = new FeatureSchema([new FeatureSpec("a", FeatureKind.Numeric), new FeatureSpec("b", FeatureKind.Numeric)]);
            return (FeatureMatrix.Create(schema, [a, b]), y, z);
        }

        var fit = Period();
        var test = Period();
        var score = Period();
        var problem = new SelectionProblem
        {
            Kind = TaskKind.Binary,
            PrimaryMetric = "roc_auc",
            OutOfTimeFitLabels = fit.Y,
            OutOfTimeTestLabels = test.Y,
            CrossValidationLabels = test.Y,
            RefitLabels = test.Y,
            Views = [new EvaluationView(fit.X, test.X, test.X, test.X, score.X)],
        };
        var baseline = ModelCandidate.ForBaseline("baseline", "the hidden score", phase => phase switch
        {
            EvaluationPhase.Scoring => Sigmoid(score.Z),
            _ => Sigmoid(test.Z),
        });
        return (problem, baseline);
    }

    private static double[] Sigmoid(double[] z)
    {
        var result = new double[z.Length];
        for (var i = 0; i < z.Length; i++)
        {
            result[i] = 1 / (1 + Math.Exp(-z[i]));
        }

        return result;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class ListProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
