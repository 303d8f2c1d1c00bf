# two_phase_functions.R
#
# The variance of a calibrated estimator when nonresponse is treated as a second phase
# (Poisson sampling within response-homogeneity groups), written out by hand in base R so that it
# is independent of the C# engine. Sourced by make_reference.R and simulate.R.
#
# Notation (docs/methodology/estimation.md, "Nonresponse as a second phase"):
#   s  the sample (eligible and ineligible units), r the respondents, g(k) the response group of k,
#   d  design weight, p_g = sum_{r in g} d / sum_{eligible in g} d (estimated response probability),
#   a = d / p_g (the weight after nonresponse adjustment, where calibration starts), w final weight,
#   z  the linearized variable of the statistic on the respondents.
#
# 1. Calibration residual (R survey's convention): e = z - X B, B fitted with the weights a;
#    the respondent's contribution is x = w e.
# 2. Reweighting within groups is itself a calibration on the group counts, so the contribution is
#    centred within its group: u_g = sum_{r in g} x / sum_{r in g} a, residual (x/a - u_g).
# 3. Sampling phase: the stratified-design variance over the WHOLE sample s of
#       t = x + (d - a) u_g   (respondents),   d u_g   (eligible non-respondents),   0   (ineligible),
#    with n_h the stratum's sample size and the finite-population correction 1 - n_h/N_h.
# 4. Nonresponse phase (Poisson within groups, Rao's form for a second phase): sum_r d (1 - p_g) ((x/a - u_g)/p_g)^2.

respondent_contributions <- function(z, X, a, w) {
  fit <- lm.wfit(X, z, a)                       # B = (X' A X)^-1 X' A z
  w * fit$residuals                             # w (z - X B)
}

stratified_variance <- function(values, stratum, N_h) {
  total <- 0
  for (h in unique(stratum)) {
    v <- values[stratum == h]
    n <- length(v)
    f <- n / N_h[[h]]
    total <- total + (1 - f) * n / (n - 1) * sum((v - mean(v))^2)
  }
  total
}

# x: respondent contributions (w e), in the order of the respondents in 'sample'.
# sample: data.frame of the whole sample with columns stratum, d, eligible, response, group, p (group response probability).
two_phase_variance <- function(x, sample, N_h) {
  resp <- sample$response == 1
  a <- sample$d[resp] / sample$p[resp]
  g_resp <- sample$group[resp]
  u_g <- tapply(x, g_resp, sum) / tapply(a, g_resp, sum)
  t <- numeric(nrow(sample))
  eligible_nonresp <- sample$eligible == 1 & !resp
  t[resp] <- x + (sample$d[resp] - a) * u_g[g_resp]
  t[eligible_nonresp] <- sample$d[eligible_nonresp] * u_g[sample$group[eligible_nonresp]]
  sampling <- stratified_variance(t, sample$stratum, N_h)
  p <- sample$p[resp]
  residual <- x / a - u_g[g_resp]
  nonresponse <- sum(sample$d[resp] * (1 - p) * (residual / p)^2)
  c(sampling = sampling, nonresponse = nonresponse)
}
