namespace Patron.Learning.Tuning;

/// <summary>Builds a learner from a parameter set; any learner kind can be tuned through one.</summary>
public delegate ILearner<IPredictor> LearnerFactory(ParameterSet parameters);
