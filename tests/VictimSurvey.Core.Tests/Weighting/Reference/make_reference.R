# make_reference.R
#
# Independent reference values for the C# calibration / nonresponse engine,
# produced with R's 'survey' package. R is NOT part of the product or of CI:
# the generated CSV files are committed, this script only documents how they
# were made.
#
# Usage (from this folder):   Rscript make_reference.R
#
# Dependencies: base R + the 'survey' package only. Deterministic (set.seed).

suppressPackageStartupMessages(library(survey))

set.seed(20240611)
options(stringsAsFactors = FALSE, warn = 1)

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

fmt <- function(x) sprintf("%.17g", x)           # full precision numbers
fmt_int <- function(x) sprintf("%d", as.integer(x))

write_csv_lines <- function(df, file) {
  # df: data.frame of ALREADY formatted character columns (no quotes needed)
  stopifnot(!anyNA(as.matrix(df)))
  bad <- grepl("[,\"\r\n]", as.matrix(df))
  if (any(bad)) stop("value needing quotes in ", file)
  lines <- c(paste(names(df), collapse = ","),
             do.call(paste, c(unname(as.list(df)), sep = ",")))
  con <- file(file, open = "wb")                  # LF line endings everywhere
  writeLines(lines, con, sep = "\n")
  close(con)
}

# Largest-remainder rounding of non-negative x to integers summing to 'total'
# (ties broken by position: earlier category first).
largest_remainder <- function(x, total) {
  stopifnot(total == round(total))
  raw <- x / sum(x) * total
  fl <- floor(raw)
  rest <- total - sum(fl)
  if (rest > 0) {
    ord <- order(-(raw - fl), seq_along(raw))
    fl[ord[seq_len(rest)]] <- fl[ord[seq_len(rest)]] + 1
  }
  stopifnot(sum(fl) == total)
  fl
}

# ---------------------------------------------------------------------------
# 1. Synthetic stratified sample
# ---------------------------------------------------------------------------

dept_codes <- c("01", "13", "2A", "33", "59", "69", "75", "93", "971", "972", "974", "35")
dept_pop   <- c(505000, 1575000, 300000, 1310000, 2010000, 1440000,
                1710000, 1215000, 310000, 305000, 640000, 860000)     # N_h, persons 18+
dept_n     <- c(350, 600, 200, 500, 700, 550, 650, 450, 220, 210, 320, 400)   # n_h
names(dept_pop) <- names(dept_n) <- dept_codes

age_levels  <- c("18-29", "30-44", "45-59", "60-74", "75+")
sex_levels  <- c("F", "M")
dipl_levels <- c("none", "secondary", "bac", "higher")

# age structure by department (rows sum to 1): Paris/93 young, Corsica/Antilles old
age_dist <- rbind(
  "01"  = c(.16, .25, .26, .22, .11),
  "13"  = c(.18, .24, .25, .21, .12),
  "2A"  = c(.13, .21, .26, .25, .15),
  "33"  = c(.19, .25, .25, .20, .11),
  "59"  = c(.20, .25, .25, .20, .10),
  "69"  = c(.21, .26, .24, .19, .10),
  "75"  = c(.23, .29, .23, .16, .09),
  "93"  = c(.22, .29, .25, .16, .08),
  "971" = c(.15, .21, .26, .24, .14),
  "972" = c(.13, .20, .26, .26, .15),
  "974" = c(.19, .26, .26, .19, .10),
  "35"  = c(.20, .25, .24, .20, .11))
# education index by department (ordered-logit shift)
edu_dept <- c("01" = 0.2, "13" = 0.1, "2A" = 0.0, "33" = 0.4, "59" = -0.1, "69" = 0.5,
              "75" = 1.2, "93" = -0.5, "971" = -0.4, "972" = -0.4, "974" = -0.5, "35" = 0.5)
edu_age  <- c(0.5, 0.6, 0.0, -0.6, -1.2)
# household size: 1 + Poisson(lambda), capped at 6
hh_dept  <- c("01" = 1.4, "13" = 1.3, "2A" = 1.2, "33" = 1.3, "59" = 1.5, "69" = 1.3,
              "75" = 0.8, "93" = 1.9, "971" = 1.5, "972" = 1.3, "974" = 1.8, "35" = 1.4)
hh_age   <- c(0.2, 0.8, 0.5, -0.4, -0.7)
# share of women by age group
pF_age   <- c(0.50, 0.51, 0.52, 0.55, 0.62)
# response propensity (logit scale): older and more educated respond more
resp_int  <- 0.25
resp_age  <- c(-0.65, -0.30, 0.00, 0.45, 0.35)
resp_sex  <- c(F = 0.10, M = -0.10)
resp_dipl <- c(none = -0.45, secondary = -0.15, bac = 0.10, higher = 0.45)
resp_dept <- c("01" = 0.1, "13" = -0.1, "2A" = 0.0, "33" = 0.1, "59" = 0.0, "69" = 0.05,
               "75" = -0.2, "93" = -0.3, "971" = -0.1, "972" = 0.0, "974" = -0.15, "35" = 0.2)
resp_hh   <- 0.05

simulate_sample <- function() {
  dept <- rep(dept_codes, times = dept_n)
  n <- length(dept)
  age_i <- integer(n)
  for (h in dept_codes) {
    idx <- which(dept == h)
    age_i[idx] <- sample.int(5, length(idx), replace = TRUE, prob = age_dist[h, ])
  }
  sex <- ifelse(runif(n) < pF_age[age_i], "F", "M")
  latent <- edu_dept[dept] + edu_age[age_i] + ifelse(sex == "F", 0.1, 0) + rlogis(n)
  dipl_i <- as.integer(cut(latent, c(-Inf, -1.0, 0.4, 1.3, Inf)))
  lam <- pmax(0.1, hh_dept[dept] + hh_age[age_i])
  hh <- pmin(6L, 1L + rpois(n, lam))
  eligible <- as.integer(runif(n) < 0.97)
  eta <- resp_int + resp_age[age_i] + resp_sex[sex] + resp_dipl[dipl_i] +
         resp_dept[dept] + resp_hh * hh
  responded <- as.integer(eligible == 1L & runif(n) < plogis(eta))
  data.frame(
    id = seq_len(n),
    stratum = dept,
    department = dept,
    stratum_population = unname(dept_pop[dept]),
    design_weight = unname(dept_pop[dept] / dept_n[dept]),
    sex = sex,
    age_group = age_levels[age_i],
    diploma = dipl_levels[dipl_i],
    household_size = as.integer(hh),
    eligible = eligible,
    responded = unname(responded))
}

check_sample <- function(s) {
  r <- s[s$responded == 1, ]
  cell3 <- table(factor(r$department, dept_codes), factor(r$sex, sex_levels),
                 factor(r$age_group, age_levels))
  cell2 <- table(factor(r$sex, sex_levels), factor(r$age_group, age_levels))
  all(cell3 >= 1) && all(cell2 >= 60) && all(s$responded <= s$eligible)
}

attempt <- 0
repeat {
  attempt <- attempt + 1
  smp <- simulate_sample()
  if (check_sample(smp)) break
  if (attempt >= 50) stop("could not draw a sample satisfying the cell constraints")
}
cat("sample drawn at attempt", attempt, "\n")

write_csv_lines(data.frame(
  id = fmt_int(smp$id),
  stratum = smp$stratum,
  department = smp$department,
  stratum_population = fmt_int(smp$stratum_population),
  design_weight = fmt(smp$design_weight),
  sex = smp$sex,
  age_group = smp$age_group,
  diploma = smp$diploma,
  household_size = fmt_int(smp$household_size),
  eligible = fmt_int(smp$eligible),
  responded = fmt_int(smp$responded)), "sample.csv")

# Read back and check the round trip (the C# side reads the CSV, not R's memory)
smp_rb <- read.csv("sample.csv", colClasses = c(stratum = "character", department = "character"))
stopifnot(identical(names(smp_rb), names(smp)), nrow(smp_rb) == nrow(smp))
for (v in names(smp)) {
  if (!isTRUE(all.equal(smp_rb[[v]], smp[[v]], tolerance = 0)) &&
      !identical(as.character(smp_rb[[v]]), as.character(smp[[v]])))
    stop("round-trip mismatch in column ", v)
}
stopifnot(identical(smp_rb$design_weight, smp$design_weight))

N <- sum(dept_pop)
resp <- smp[smp$responded == 1 & smp$eligible == 1, ]
resp <- resp[order(resp$id), ]
rownames(resp) <- NULL
cat("n =", nrow(smp), " eligible =", sum(smp$eligible), " respondents =", nrow(resp),
    " response rate among eligible =", round(nrow(resp) / sum(smp$eligible), 4), "\n")

# ---------------------------------------------------------------------------
# 2. Margins
# ---------------------------------------------------------------------------

perturb <- function(x) x * (1 + runif(length(x), -0.06, 0.06))   # a few percent

wshare <- function(values, levels, w) {
  s <- tapply(w, factor(values, levels = levels), sum)
  s[is.na(s)] <- 0
  s / sum(s)
}

sexage_levels <- as.vector(t(outer(sex_levels, age_levels, paste, sep = ":")))  # F:18-29..F:75+, M:..
resp_sexage <- paste(resp$sex, resp$age_group, sep = ":")

# department totals = the known stratum populations N_h (they sum to N by construction)
tot_dept   <- setNames(dept_pop, dept_codes)
# sex x age cells: perturbed design-weighted respondent shares, largest remainder to N
tot_sexage <- setNames(largest_remainder(perturb(wshare(resp_sexage, sexage_levels, resp$design_weight)), N),
                       sexage_levels)
# main-file sex and age margins are the sums of the crossed cells (coherent files)
tot_sex <- setNames(sapply(sex_levels, function(s) sum(tot_sexage[startsWith(sexage_levels, paste0(s, ":"))])),
                    sex_levels)
tot_age <- setNames(sapply(age_levels, function(a) sum(tot_sexage[endsWith(sexage_levels, paste0(":", a))])),
                    age_levels)
tot_dipl <- setNames(largest_remainder(perturb(wshare(resp$diploma, dipl_levels, resp$design_weight)), N),
                     dipl_levels)
# numeric margin: population total of household_size, a non-integer multiple of 1/4
# (exactly representable in binary, so "%.17g" and the decimal text agree exactly)
hh_mean <- sum(resp$design_weight * resp$household_size) / sum(resp$design_weight)
tot_hh <- round(N * hh_mean * (1 + runif(1, -0.04, 0.04)) * 4) / 4
if (tot_hh == round(tot_hh)) tot_hh <- tot_hh + 0.25
stopifnot(sum(tot_sex) == N, sum(tot_age) == N, sum(tot_dipl) == N, sum(tot_dept) == N)

margin_rows <- function(variable, totals) {
  data.frame(variable = variable, category = names(totals), total = unname(totals))
}
margins_main <- rbind(
  margin_rows("department", tot_dept),
  margin_rows("sex", tot_sex),
  margin_rows("age_group", tot_age),
  margin_rows("diploma", tot_dipl),
  data.frame(variable = "household_size", category = "", total = tot_hh))
margins_crossed <- rbind(
  margin_rows("department", tot_dept),
  margin_rows("sex:age_group", tot_sexage),
  margin_rows("diploma", tot_dipl))

write_margins <- function(m, file) {
  write_csv_lines(data.frame(variable = m$variable, category = m$category,
                             total = ifelse(m$total == round(m$total),
                                            sprintf("%.0f", m$total), fmt(m$total))), file)
}
write_margins(margins_main, "margins_main.csv")
write_margins(margins_crossed, "margins_crossed.csv")

read_margins <- function(file) {
  m <- read.csv(file, colClasses = c("character", "character", "numeric"), na.strings = character(0))
  stopifnot(identical(names(m), c("variable", "category", "total")), !anyNA(m))
  m
}
margins <- list(main = read_margins("margins_main.csv"), crossed = read_margins("margins_crossed.csv"))
stopifnot(isTRUE(all.equal(margins$main$total, margins_main$total, tolerance = 0)),
          isTRUE(all.equal(margins$crossed$total, margins_crossed$total, tolerance = 0)))

# ---------------------------------------------------------------------------
# 3. Explicit calibration model matrix
# ---------------------------------------------------------------------------
# One 0/1 dummy per category of each categorical margin (per crossed cell for
# sex:age_group), plus the numeric column(s); the FIRST category of every
# categorical margin except the first margin is dropped. Columns c1, c2, ...

margin_value <- function(data, variable) {
  vars <- strsplit(variable, ":", fixed = TRUE)[[1]]
  do.call(paste, c(lapply(vars, function(v) as.character(data[[v]])), sep = ":"))
}

build_mm <- function(data, m) {
  vars <- unique(m$variable)
  cols <- list(); info <- NULL; full <- list(); first_cat <- TRUE
  for (v in vars) {
    mv <- m[m$variable == v, ]
    if (nrow(mv) == 1 && mv$category == "") {           # numeric margin
      cols[[length(cols) + 1]] <- as.numeric(data[[v]])
      info <- rbind(info, data.frame(variable = v, category = "", total = mv$total, kept = TRUE))
      full[[length(full) + 1]] <- list(variable = v, category = "", x = as.numeric(data[[v]]), total = mv$total)
      next
    }
    val <- margin_value(data, v)
    if (!all(val %in% mv$category)) stop("sample value not in margin categories for ", v)
    for (k in seq_len(nrow(mv))) {
      x <- as.numeric(val == mv$category[k])
      full[[length(full) + 1]] <- list(variable = v, category = mv$category[k], x = x, total = mv$total[k])
      keep <- first_cat || k > 1
      info <- rbind(info, data.frame(variable = v, category = mv$category[k], total = mv$total[k], kept = keep))
      if (keep) cols[[length(cols) + 1]] <- x
    }
    first_cat <- FALSE
  }
  mm <- do.call(cbind, cols)
  colnames(mm) <- paste0("c", seq_len(ncol(mm)))
  info$column <- ""
  info$column[info$kept] <- colnames(mm)
  pop <- setNames(info$total[info$kept], colnames(mm))
  list(mm = mm, pop = pop, info = info, full = full)
}

# Write the column mapping (handy for the C# tests)
col_map <- NULL
for (mname in names(margins)) {
  b <- build_mm(resp, margins[[mname]])
  col_map <- rbind(col_map, data.frame(margins = paste0("margins_", mname, ".csv"),
                                       column = ifelse(b$info$kept, b$info$column, ""),
                                       variable = b$info$variable, category = b$info$category,
                                       total = b$info$total, dropped = ifelse(b$info$kept, "0", "1")))
}
write_csv_lines(data.frame(margins = col_map$margins, column = col_map$column,
                           variable = col_map$variable, category = col_map$category,
                           total = ifelse(col_map$total == round(col_map$total),
                                          sprintf("%.0f", col_map$total), fmt(col_map$total)),
                           dropped = col_map$dropped),
                "model_columns.csv")

# ---------------------------------------------------------------------------
# 4. Calibration
# ---------------------------------------------------------------------------

EPS_LADDER <- c(1e-13, 3e-13, 1e-12, 3e-12, 1e-11, 1e-10)
run_info <- character(0)

calibrate_case <- function(case, data, wcol, mname, calfun, bounds) {
  b <- build_mm(data, margins[[mname]])
  df <- cbind(data, as.data.frame(b$mm))
  des <- svydesign(ids = ~1, strata = ~stratum, weights = as.formula(paste0("~", wcol)),
                   fpc = ~stratum_population, data = df)
  f <- as.formula(paste("~ 0 +", paste(colnames(b$mm), collapse = " + ")))
  used_eps <- NA; cal <- NULL
  for (eps in EPS_LADDER) {
    cal <- tryCatch(
      suppressWarnings(calibrate(des, f, population = b$pop, calfun = calfun,
                                 bounds = bounds, epsilon = eps, maxit = 500)),
      error = function(e) NULL)
    if (!is.null(cal)) { used_eps <- eps; break }
  }
  if (is.null(cal)) stop("calibration failed for case ", case)
  w <- unname(weights(cal))
  d <- data[[wcol]]
  # check every margin category (including the dropped ones)
  worst <- 0
  for (fc in b$full) {
    est <- sum(w * fc$x)
    rel <- abs(est - fc$total) / abs(fc$total)
    worst <- max(worst, rel)
    if (rel > 1e-6) stop(sprintf("case %s: margin %s=%s not reproduced (rel %.3g)",
                                 case, fc$variable, fc$category, rel))
  }
  g <- w / d
  if (all(is.finite(bounds))) {
    tol <- 1e-9
    if (any(g < bounds[1] - tol | g > bounds[2] + tol)) stop("case ", case, ": g outside bounds")
  }
  if (calfun == "linear" && all(is.infinite(bounds))) used_eps <- NA   # closed form (regcalibrate)
  run_info <<- c(run_info, sprintf(
    "%-22s calfun=%-7s bounds=[%s,%s] epsilon=%s max_rel_margin_error=%.3g min_g=%.6f max_g=%.6f n_at_lower=%d n_at_upper=%d",
    case, calfun, bounds[1], bounds[2], ifelse(is.na(used_eps), "closed-form", format(used_eps)),
    worst, min(g), max(g),
    sum(abs(g - bounds[1]) < 1e-9), sum(abs(g - bounds[2]) < 1e-9)))
  list(w = w, g = g, d = d, eps = used_eps, worst = worst)
}

write_expected <- function(case, res, data) {
  write_csv_lines(data.frame(id = fmt_int(data$id), weight = fmt(res$w), g = fmt(res$g)),
                  paste0("expected_", case, ".csv"))
}

# Bounds (on g = w/d). Without nonresponse adjustment g is ~1/response rate
# (unbounded linear: g in [1.39, 2.18], mean ~1.8). survey's Newton iteration
# starts at g = 1, so the bounds must satisfy L < 1 < U (logit: required by the
# function; bounded linear: with L > 1 every unit starts clamped with zero
# derivative and the iteration cannot move). Hence only the UPPER bound can be
# close to / bind for these cases. The calibration is infeasible for U <= ~2.06
# (some departments need an average g above that).
cases <- list(
  list(case = "linear_main",     margins = "main",    method = "linear",  bounds = c(-Inf, Inf)),
  list(case = "raking_main",     margins = "main",    method = "raking",  bounds = c(-Inf, Inf)),
  list(case = "logit_main",      margins = "main",    method = "logit",   bounds = c(0.4, 2.09)),
  list(case = "truncated_main",  margins = "main",    method = "linear",  bounds = c(0.8, 2.12)),
  list(case = "linear_crossed",  margins = "crossed", method = "linear",  bounds = c(-Inf, Inf)),
  list(case = "raking_crossed",  margins = "crossed", method = "raking",  bounds = c(-Inf, Inf)),
  list(case = "logit_crossed",   margins = "crossed", method = "logit",   bounds = c(0.4, 2.09)))

results <- list()
for (cs in cases) {
  res <- calibrate_case(cs$case, resp, "design_weight", cs$margins, cs$method, cs$bounds)
  write_expected(cs$case, res, resp)
  results[[cs$case]] <- res
}

# ---------------------------------------------------------------------------
# 5. Nonresponse adjustment (base R only)
# ---------------------------------------------------------------------------

elig <- smp[smp$eligible == 1, ]
elig <- elig[order(elig$id), ]
rownames(elig) <- NULL

# 5a. Response homogeneity groups: sex x age_group
elig_grp <- paste(elig$sex, elig$age_group, sep = ":")
num_g <- tapply(elig$design_weight, elig_grp, sum)
den_g <- tapply(elig$design_weight * (elig$responded == 1), elig_grp, sum)
stopifnot(all(den_g > 0))
factor_g <- num_g / den_g
resp_grp <- paste(resp$sex, resp$age_group, sep = ":")
resp$nr_factor <- unname(factor_g[resp_grp])
resp$nonresponse_weight <- resp$design_weight * resp$nr_factor
write_csv_lines(data.frame(id = fmt_int(resp$id), group = resp_grp,
                           factor = fmt(resp$nr_factor),
                           nonresponse_weight = fmt(resp$nonresponse_weight)),
                "expected_nr_rhg.csv")
stopifnot(abs(sum(resp$nonresponse_weight) - sum(elig$design_weight)) < 1e-6 * sum(elig$design_weight))

# 5b. Logistic propensity model + 5 propensity classes
elig$sex       <- factor(elig$sex, levels = sex_levels)
elig$age_group <- factor(elig$age_group, levels = age_levels)
elig$diploma   <- factor(elig$diploma, levels = dipl_levels)
# NOTE: glm's default starting values (mustart = (w*y + 0.5)/(w + 1)) are ~0/1
# when the prior weights are in the thousands, and IRLS then diverges. We start
# from beta = 0 (p = 0.5) instead; the MLE itself does not depend on the start.
fit <- glm(responded ~ sex + age_group + diploma + household_size, data = elig,
           family = quasibinomial, weights = design_weight, start = rep(0, 10),
           control = glm.control(epsilon = 1e-15, maxit = 100))
if (!fit$converged) stop("glm did not converge")
p <- unname(fitted(fit))
# convergence check: weighted score X'W(y - p) relative to sum of weights
X <- model.matrix(fit)
score <- colSums(X * elig$design_weight * (elig$responded - p))
rel_score <- max(abs(score)) / sum(elig$design_weight)
if (rel_score > 1e-12) stop("glm score not ~0: ", rel_score)
q <- quantile(p, probs = (1:4) / 5, type = 7)
cls <- cut(p, breaks = c(-Inf, q, Inf), labels = FALSE)
num_c <- tapply(elig$design_weight, cls, sum)
den_c <- tapply(elig$design_weight * (elig$responded == 1), cls, sum)
stopifnot(length(num_c) == 5, all(den_c > 0))
factor_c <- unname(num_c / den_c)[cls]
nrw <- ifelse(elig$responded == 1, elig$design_weight * factor_c, 0)
write_csv_lines(data.frame(id = fmt_int(elig$id), propensity = fmt(p), class = fmt_int(cls),
                           factor = fmt(factor_c), nonresponse_weight = fmt(nrw)),
                "expected_nr_logistic.csv")
co <- coef(fit)
write_csv_lines(data.frame(term = names(co), estimate = fmt(unname(co))),
                "expected_nr_logistic_coefficients.csv")
# diagnostics on the class boundaries (robustness of the class assignment)
gap <- min(sapply(q, function(qq) { dd <- abs(p - qq); min(dd[dd > 0]) }))
n_eq <- sum(sapply(q, function(qq) sum(p == qq)))
run_info <- c(run_info, sprintf(
  "nr_logistic: glm iterations=%d, max|score|/sum(w)=%.3g, quantiles=%s, units exactly on a boundary=%d, min nonzero |p-q|=%.3g, class sizes=%s",
  fit$iter, rel_score, paste(fmt(q), collapse = " "), n_eq, gap, paste(table(cls), collapse = "/")))

# 5c. RHG, then calibration starting from the nonresponse-adjusted weights.
# rhg_then_raking_main is the case of the brief; the two bounded ones are EXTRA
# cases where g is around 1 (range [0.57, 1.47] unbounded linear), so that both
# the lower and the upper bound are active.
rhg_cases <- list(
  list(case = "rhg_then_raking_main",    margins = "main", method = "raking", bounds = c(-Inf, Inf), nonresponse = "rhg"),
  list(case = "rhg_then_logit_main",     margins = "main", method = "logit",  bounds = c(0.65, 1.3),  nonresponse = "rhg"),
  list(case = "rhg_then_truncated_main", margins = "main", method = "linear", bounds = c(0.65, 1.4),  nonresponse = "rhg"))
for (cs in rhg_cases) {
  res <- calibrate_case(cs$case, resp, "nonresponse_weight", cs$margins, cs$method, cs$bounds)
  write_csv_lines(data.frame(id = fmt_int(resp$id), weight = fmt(res$w),
                             nonresponse_weight = fmt(resp$nonresponse_weight), g = fmt(res$g)),
                  paste0("expected_", cs$case, ".csv"))
  results[[cs$case]] <- res
  cases[[length(cases) + 1]] <- cs
}

# ---------------------------------------------------------------------------
# 6. cases.csv and expected_summary.csv
# ---------------------------------------------------------------------------

bound_txt <- function(x) ifelse(is.finite(x), format(x), "")
write_csv_lines(data.frame(
  case = sapply(cases, `[[`, "case"),
  margins = paste0("margins_", sapply(cases, `[[`, "margins"), ".csv"),
  method = sapply(cases, `[[`, "method"),
  lower = sapply(cases, function(cs) bound_txt(cs$bounds[1])),
  upper = sapply(cases, function(cs) bound_txt(cs$bounds[2])),
  nonresponse = sapply(cases, function(cs) if (is.null(cs$nonresponse)) "none" else cs$nonresponse)),
  "cases.csv")

summ <- do.call(rbind, lapply(names(results), function(cn) {
  r <- results[[cn]]
  data.frame(case = cn, n = fmt_int(length(r$w)), min_g = fmt(min(r$g)), max_g = fmt(max(r$g)),
             sum_weight = fmt(sum(r$w)),
             kish_deff = fmt(length(r$w) * sum(r$w^2) / sum(r$w)^2))
}))
write_csv_lines(summ, "expected_summary.csv")

# ---------------------------------------------------------------------------
# 7. Run information
# ---------------------------------------------------------------------------
info <- c(
  paste("R:", R.version.string),
  paste("survey:", as.character(packageVersion("survey"))),
  paste("generated:", format(Sys.time(), "%Y-%m-%d")),
  sprintf("sample: n=%d eligible=%d respondents=%d N=%.0f household_size_total=%s",
          nrow(smp), sum(smp$eligible), nrow(resp), N, fmt(tot_hh)),
  run_info)
writeLines(info, "run_info.txt")
cat(info, sep = "\n")
