package dev.consentgw.gateway.facade;

/** Fails a facade future with a ready problem document. No stack trace: it is an expected outcome. */
public final class ProblemException extends RuntimeException {

  private final ProblemDocument problem;

  public ProblemException(ProblemDocument problem) {
    super(problem.code() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  public ProblemDocument problem() {
    return problem;
  }
}
