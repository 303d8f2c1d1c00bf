# make_reference.R
#
# Independent reference values for the C# estimation / variance engine
# (means, totals, ratios, domain estimates, confidence intervals for
# proportions, replicate-weight variance), produced with R's 'survey' package.
# R is NOT part of the product or of CI: the generated CSV files are committed,
# this script only documents how they were made.
#
# Usage (from this folder):   Rscript make_reference.R
#
# Dependencies: base R + the 'survey' package only. Deterministic (set.seed).

suppressPackageStartupMessages(library(survey))

set.seed(20241021)
options(stringsAsFactors = FALSE, warn = 1)

# ---------------------------------------------------------------------------
# Helpers (same conventions as ../../Weighting/Reference/make_reference.R)
# ---------------------------------------------------------------------------

fmt <- function(x) {                              # full precision numbers
  if (any(!is.finite(x))) stop("non-finite value to format")
  sprintf("%.17g", x)
}
fmt_int <- function(x) sprintf("%d", as.integer(x))

write_csv_lines <- function(df, file) {
  # df: data.frame of ALREADY formatted character columns (no quotes needed)
  m <- as.matrix(df)
  stopifnot(!anyNA(m))
  if (any(m %in% c("NA", "NaN", "Inf", "-Inf"))) stop("NA/NaN/Inf value in ", file)
  bad <- grepl("[,\"\r\n]", m)
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

rel_diff <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

check_rel <- function(a, b, tol, what) {
  stopifnot(length(a) == length(b))
  d <- abs(a - b)
  ok <- d <= tol * pmax(abs(a), abs(b)) | d == 0
  if (!all(ok)) stop(sprintf("%s: relative difference %.3g > %.3g", what,
                             max(d[!ok] / pmax(abs(a[!ok]), abs(b[!ok]))), tol))
  invisible(TRUE)
}

run_info <- character(0)
note <- function(...) {
  s <- sprintf(...)
  run_info <<- c(run_info, s)
  cat(s, "\n", sep = "")
}

# ---------------------------------------------------------------------------
# 1. Synthetic stratified sample (respondents only)
# ---------------------------------------------------------------------------

dept_codes <- c("01", "13", "2A", "33", "59", "69", "75", "93", "971", "974")
dept_pop   <- c(520000, 1600000, 130000, 1330000, 2000000, 1450000,
                1750000, 1220000, 300000, 650000)                    # N_h, persons 18+
dept_n     <- c(320, 450, 170, 400, 520, 400, 480, 380, 190, 190)    # n_h (sum 3,500)
names(dept_pop) <- names(dept_n) <- dept_codes
SMALL_DEPT    <- "2A"            # 170 respondents: small domain for Korn-Graubard
ORDINARY_DEPT <- "59"            # 520 respondents
RARE          <- "victim_violence"

age_levels  <- c("18-29", "30-44", "45-59", "60-74", "75+")
sex_levels  <- c("F", "M")
dipl_levels <- c("none", "secondary", "bac", "higher")

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
  "974" = c(.19, .26, .26, .19, .10))
pF_age   <- c(0.50, 0.51, 0.52, 0.55, 0.62)
edu_dept <- c("01" = 0.2, "13" = 0.1, "2A" = 0.0, "33" = 0.4, "59" = -0.1, "69" = 0.5,
              "75" = 1.2, "93" = -0.5, "971" = -0.4, "974" = -0.5)
edu_age  <- c(0.5, 0.6, 0.0, -0.6, -1.2)

# Victimisation models (logit scale). The intercept of each is solved so that
# the unweighted sample mean of the probabilities equals the target rate.
targets <- c(victim_burglary = 0.03, victim_theft = 0.06, victim_violence = 0.02,
             victim_insult = 0.08, feel_unsafe = 0.18)
eff_dept <- rbind(        # 01    13    2A    33    59    69    75    93   971   974
  victim_burglary = c( 0.0,  0.3, -0.3,  0.1,  0.0,  0.1,  0.2,  0.4, -0.1,  0.2),
  victim_theft    = c(-0.3,  0.3, -0.5,  0.0, -0.1,  0.2,  0.6,  0.4, -0.3, -0.1),
  victim_violence = c(-0.2,  0.2, -0.7,  0.0,  0.1,  0.0,  0.2,  0.5,  0.1,  0.2),
  victim_insult   = c(-0.2,  0.2, -0.3,  0.0,  0.0,  0.1,  0.4,  0.3, -0.2,  0.0),
  feel_unsafe     = c(-0.3,  0.3, -0.4, -0.1,  0.0,  0.1,  0.3,  0.5, -0.1,  0.1))
colnames(eff_dept) <- dept_codes
eff_age <- rbind(         # 18-29 30-44 45-59 60-74  75+
  victim_burglary = c( 0.1,  0.2,  0.1, -0.1, -0.3),
  victim_theft    = c( 0.6,  0.3,  0.0, -0.4, -0.8),
  victim_violence = c( 0.8,  0.4,  0.0, -0.6, -1.2),
  victim_insult   = c( 0.5,  0.3,  0.0, -0.4, -0.8),
  feel_unsafe     = c(-0.2,  0.0,  0.1,  0.2,  0.4))
eff_F <- c(victim_burglary = 0.0, victim_theft = 0.1, victim_violence = -0.3,
           victim_insult = 0.2, feel_unsafe = 0.5)
complaint_rate <- c(burglary = 0.70, theft = 0.40, violence = 0.25)

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
  out <- data.frame(
    id = seq_len(n),
    stratum = dept,
    department = dept,
    stratum_population = unname(dept_pop[dept]),
    design_weight = unname(dept_pop[dept] / dept_n[dept]),
    sex = sex,
    age_group = age_levels[age_i],
    diploma = dipl_levels[dipl_i])
  for (v in names(targets)) {
    eta <- unname(eff_dept[v, dept] + eff_age[v, age_i] + ifelse(sex == "F", eff_F[v], 0)) +
           0.15 * (dipl_i - 2.5) * (v == "feel_unsafe") * (-1)
    b0 <- uniroot(function(b) mean(plogis(b + eta)) - targets[v], c(-15, 5), tol = 1e-12)$root
    out[[v]] <- as.integer(runif(n) < plogis(b0 + eta))
  }
  for (x in names(complaint_rate)) {
    vic <- out[[paste0("victim_", x)]]
    p <- plogis(qlogis(complaint_rate[x]) + 0.2 * (age_i - 3) / 2)   # older report a bit more
    out[[paste0("complaint_", x)]] <- as.integer(vic == 1L & runif(n) < p)
  }
  inc <- integer(n)
  for (v in c("victim_burglary", "victim_theft", "victim_violence", "victim_insult"))
    inc <- inc + out[[v]] * (1L + rpois(n, 0.35))
  out$incidents <- as.integer(inc)
  out[, c("id", "stratum", "department", "stratum_population", "design_weight", "sex",
          "age_group", "diploma", "victim_burglary", "complaint_burglary", "victim_theft",
          "complaint_theft", "victim_violence", "complaint_violence", "victim_insult",
          "feel_unsafe", "incidents")]
}

check_sample <- function(s) {
  cnt <- function(v) tapply(s[[v]], factor(s$department, dept_codes), sum)
  vb <- cnt("victim_burglary"); cb <- cnt("complaint_burglary")
  vt <- cnt("victim_theft");    ct <- cnt("complaint_theft")
  vv <- cnt("victim_violence")
  cells <- table(factor(s$department, dept_codes), factor(s$sex, sex_levels),
                 factor(s$age_group, age_levels))
  all(vb >= 2) && all(cb > 0 & cb < vb) &&          # burglary reporting ratio non-degenerate
    all(vt >= 2) && all(ct > 0 & ct < vt) &&        # theft reporting ratio non-degenerate
    all(vv >= 2) &&                                 # violence ratio exists everywhere
    vv[SMALL_DEPT] %in% 2:3 &&                      # rare indicator in the small domain
    all(cnt("complaint_violence")[dept_codes != SMALL_DEPT] > 0) &&   # only 2A may be degenerate
    all(cells >= 1)
}

attempt <- 0
repeat {
  attempt <- attempt + 1
  smp <- simulate_sample()
  if (check_sample(smp)) break
  if (attempt >= 5000) stop("could not draw a sample satisfying the constraints")
}
note("sample drawn at attempt %d", attempt)

write_csv_lines(data.frame(
  id = fmt_int(smp$id),
  stratum = smp$stratum,
  department = smp$department,
  stratum_population = fmt_int(smp$stratum_population),
  design_weight = fmt(smp$design_weight),
  sex = smp$sex,
  age_group = smp$age_group,
  diploma = smp$diploma,
  victim_burglary = fmt_int(smp$victim_burglary),
  complaint_burglary = fmt_int(smp$complaint_burglary),
  victim_theft = fmt_int(smp$victim_theft),
  complaint_theft = fmt_int(smp$complaint_theft),
  victim_violence = fmt_int(smp$victim_violence),
  complaint_violence = fmt_int(smp$complaint_violence),
  victim_insult = fmt_int(smp$victim_insult),
  feel_unsafe = fmt_int(smp$feel_unsafe),
  incidents = fmt_int(smp$incidents)), "sample.csv")

# Everything below uses the data READ BACK from sample.csv (as the C# side does).
sample <- read.csv("sample.csv", colClasses = c(stratum = "character", department = "character"))
stopifnot(identical(names(sample), names(smp)), nrow(sample) == nrow(smp), !anyNA(sample))
for (v in names(smp)) {
  if (!isTRUE(all.equal(sample[[v]], smp[[v]], tolerance = 0)) &&
      !identical(as.character(sample[[v]]), as.character(smp[[v]])))
    stop("round-trip mismatch in column ", v)
}

# design_info.csv
n_h <- table(factor(sample$stratum, dept_codes))
stopifnot(all(n_h == dept_n))
write_csv_lines(data.frame(stratum = dept_codes, n_h = fmt_int(n_h[dept_codes]),
                           N_h = fmt_int(dept_pop[dept_codes])), "design_info.csv")

note("sample: n=%d, strata=%d, N=%.0f", nrow(sample), length(dept_codes), sum(dept_pop))
yvars <- c("victim_burglary", "victim_theft", "victim_violence", "victim_insult",
           "feel_unsafe", "incidents")
for (v in c(yvars, "complaint_burglary", "complaint_theft", "complaint_violence")) {
  cnt <- tapply(sample[[v]], factor(sample$department, dept_codes), sum)
  note("%-19s total=%4d  by department: %s", v, sum(sample[[v]]),
       paste(paste0(dept_codes, "=", cnt), collapse = " "))
}

# ---------------------------------------------------------------------------
# 2. Margins (department = N_h; sex and age_group = perturbed weighted shares)
# ---------------------------------------------------------------------------

N <- sum(dept_pop)
wshare <- function(x, levels, w) {
  s <- tapply(w, factor(x, levels), sum)
  s[is.na(s)] <- 0
  as.numeric(s / sum(s))
}
perturb <- function(sh) sh * runif(length(sh), 0.95, 1.05)
tot_dept <- setNames(dept_pop, dept_codes)
tot_sex  <- setNames(largest_remainder(perturb(wshare(sample$sex, sex_levels, sample$design_weight)), N),
                     sex_levels)
tot_age  <- setNames(largest_remainder(perturb(wshare(sample$age_group, age_levels, sample$design_weight)), N),
                     age_levels)
stopifnot(sum(tot_dept) == N, sum(tot_sex) == N, sum(tot_age) == N)

margins_df <- rbind(
  data.frame(variable = "department", category = names(tot_dept), total = unname(tot_dept)),
  data.frame(variable = "sex",        category = names(tot_sex),  total = unname(tot_sex)),
  data.frame(variable = "age_group",  category = names(tot_age),  total = unname(tot_age)))
write_csv_lines(data.frame(variable = margins_df$variable, category = margins_df$category,
                           total = sprintf("%.0f", margins_df$total)), "margins.csv")
margins <- read.csv("margins.csv", colClasses = c("character", "character", "numeric"))
stopifnot(isTRUE(all.equal(margins$total, margins_df$total, tolerance = 0)),
          identical(margins$category, margins_df$category))

# ---------------------------------------------------------------------------
# 3. Designs
# ---------------------------------------------------------------------------

# Explicit 0/1 dummies c1..cK: one per category in the order of margins.csv;
# the FIRST category of every margin except the first (department) is dropped.
mm_cols <- list(); pop <- numeric(0); col_info <- NULL
first_margin <- TRUE
for (v in unique(margins$variable)) {
  mv <- margins[margins$variable == v, ]
  stopifnot(all(sample[[v]] %in% mv$category))
  for (k in seq_len(nrow(mv))) {
    keep <- first_margin || k > 1
    col <- if (keep) paste0("c", length(mm_cols) + 1) else ""
    if (keep) {
      mm_cols[[col]] <- as.numeric(sample[[v]] == mv$category[k])
      pop[col] <- mv$total[k]
    }
    col_info <- rbind(col_info, data.frame(column = col, variable = v, category = mv$category[k],
                                           total = sprintf("%.0f", mv$total[k]),
                                           dropped = ifelse(keep, "0", "1")))
  }
  first_margin <- FALSE
}
write_csv_lines(col_info, "model_columns.csv")
sample_mm <- cbind(sample, as.data.frame(mm_cols))
cal_formula <- as.formula(paste("~ 0 +", paste(names(mm_cols), collapse = " + ")))

des0 <- svydesign(ids = ~1, strata = ~stratum, weights = ~design_weight,
                  fpc = ~stratum_population, data = sample_mm)
cal <- calibrate(des0, cal_formula, population = pop, calfun = "raking",
                 epsilon = 1e-13, maxit = 500)
w_cal <- as.vector(weights(cal))        # drop the attributes grake() attaches to g
# every margin category (including the dropped ones) must be reproduced
worst <- 0
for (i in seq_len(nrow(margins))) {
  est <- sum(w_cal * (sample[[margins$variable[i]]] == margins$category[i]))
  worst <- max(worst, abs(est - margins$total[i]) / margins$total[i])
}
if (worst > 1e-10) stop("calibration margins not reproduced: ", worst)
g <- w_cal / sample$design_weight
note("calibration: raking, epsilon=1e-13, max relative margin error=%.3g, g in [%.6f, %.6f]",
     worst, min(g), max(g))
write_csv_lines(data.frame(id = fmt_int(sample$id), weight = fmt(w_cal)), "calibrated_weights.csv")

designs <- list(stratified = des0, calibrated = cal)
note("degf(des0)=%d degf(cal)=%d", degf(des0), degf(cal))

# ---------------------------------------------------------------------------
# 4. Point estimates and linearization SEs
# ---------------------------------------------------------------------------

est_rows <- list()
add_est <- function(design_name, statistic, indicator, dv, dom, est, se) {
  stopifnot(length(est) == length(dom), length(se) == length(dom),
            all(is.finite(est)), all(is.finite(se)))
  est_rows[[length(est_rows) + 1]] <<- data.frame(
    design = design_name, statistic = statistic, indicator = indicator,
    domain_variable = dv, domain = dom, estimate = fmt(unname(est)), se = fmt(unname(se)))
}
# pick svyby results by department code (not by position)
by_dept <- function(b) {
  stopifnot(setequal(as.character(b$department), dept_codes))
  i <- match(dept_codes, as.character(b$department))
  list(coef = unname(coef(b))[i], se = unname(SE(b))[i])
}
ratio_x <- c("burglary", "theft", "violence")
max_sub_diff <- 0

for (dn in names(designs)) {
  des <- designs[[dn]]
  # national means
  for (y in yvars) {
    m <- svymean(as.formula(paste0("~", y)), des)
    add_est(dn, "mean", y, "national", "national", coef(m), SE(m))
  }
  # national totals
  for (y in c("victim_burglary", "incidents")) {
    t <- svytotal(as.formula(paste0("~", y)), des)
    add_est(dn, "total", y, "national", "national", coef(t), SE(t))
  }
  # national ratios
  for (x in ratio_x) {
    r <- svyratio(as.formula(paste0("~complaint_", x)), as.formula(paste0("~victim_", x)), des)
    add_est(dn, "ratio", paste0("complaint_", x, "/victim_", x), "national", "national",
            coef(r), SE(r))
  }
  # departmental means
  for (y in yvars) {
    b <- by_dept(svyby(as.formula(paste0("~", y)), ~department, des, svymean))
    add_est(dn, "mean", y, "department", dept_codes, b$coef, b$se)
    # cross-check against svymean on subset(design, department == h)
    for (k in seq_along(dept_codes)) {
      sm <- svymean(as.formula(paste0("~", y)), subset(des, department == dept_codes[k]))
      max_sub_diff <- max(max_sub_diff, rel_diff(c(b$coef[k], b$se[k]), c(coef(sm), SE(sm))))
    }
  }
  # departmental totals
  b <- by_dept(svyby(~victim_burglary, ~department, des, svytotal))
  add_est(dn, "total", "victim_burglary", "department", dept_codes, b$coef, b$se)
  # departmental ratios
  for (x in ratio_x) {
    b <- by_dept(svyby(as.formula(paste0("~complaint_", x)), ~department, des, svyratio,
                       denominator = as.formula(paste0("~victim_", x))))
    add_est(dn, "ratio", paste0("complaint_", x, "/victim_", x), "department", dept_codes,
            b$coef, b$se)
    for (k in seq_along(dept_codes)) {
      sr <- svyratio(as.formula(paste0("~complaint_", x)), as.formula(paste0("~victim_", x)),
                     subset(des, department == dept_codes[k]))
      max_sub_diff <- max(max_sub_diff, rel_diff(c(b$coef[k], b$se[k]),
                                                 c(coef(sr), SE(sr))))
    }
  }
}
if (max_sub_diff > 1e-12) stop("svyby and subset() disagree: ", max_sub_diff)
note("svyby vs svymean/svyratio on subset(): max relative difference %.3g", max_sub_diff)
est <- do.call(rbind, est_rows)
write_csv_lines(est, "expected_estimates.csv")
# Hand check of the linearization variance (documented in README.md):
#   u_i = w_i z_i (z_i = influence value; 0 outside the domain)
#   calibrated: e_i = w_i (z_i - x_i'B), B = (sum_i d_i x_i x_i')^-1 sum_i d_i x_i z_i
#               (x_i = calibration dummies c1..c15, d_i = design weight, whole sample)
#   V = sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_{i in h} (e_i - mean_h(e))^2
X_cal <- as.matrix(sample_mm[, names(mm_cols)])
hand_se <- function(z, w, calibrated) {
  e <- w * z
  if (calibrated) {
    d <- sample$design_weight
    B <- solve(crossprod(X_cal * d, X_cal), crossprod(X_cal * d, z))
    e <- w * (z - drop(X_cal %*% B))
  }
  v <- 0
  for (h in dept_codes) {
    i <- sample$stratum == h
    nh <- sum(i); Nh <- dept_pop[[h]]
    v <- v + (1 - nh / Nh) * nh / (nh - 1) * sum((e[i] - mean(e[i]))^2)
  }
  sqrt(v)
}
max_lin <- 0
for (dn in names(designs)) {
  w <- if (dn == "calibrated") w_cal else sample$design_weight
  for (h in c("national", dept_codes)) {
    inD <- if (h == "national") rep(TRUE, nrow(sample)) else sample$department == h
    wd <- w * inD
    for (y in yvars) {                                          # mean
      ybar <- sum(wd * sample[[y]]) / sum(wd)
      z <- inD * (sample[[y]] - ybar) / sum(wd)
      row <- est$design == dn & est$statistic == "mean" & est$indicator == y & est$domain == h
      stopifnot(sum(row) == 1)
      max_lin <- max(max_lin, rel_diff(c(ybar, hand_se(z, w, dn == "calibrated")),
                                       as.numeric(c(est$estimate[row], est$se[row]))))
    }
    for (x in ratio_x) {                                        # ratio
      yn <- sample[[paste0("complaint_", x)]]; xd <- sample[[paste0("victim_", x)]]
      R <- sum(wd * yn) / sum(wd * xd)
      z <- inD * (yn - R * xd) / sum(wd * xd)
      row <- est$design == dn & est$statistic == "ratio" & est$domain == h &
             est$indicator == paste0("complaint_", x, "/victim_", x)
      se_hand <- hand_se(z, w, dn == "calibrated")
      se_r <- as.numeric(est$se[row])
      max_lin <- max(max_lin, rel_diff(R, as.numeric(est$estimate[row])),
                     if (se_r == 0) { stopifnot(se_hand < 1e-15); 0 } else rel_diff(se_hand, se_r))
    }
  }
}
note("linearization variance hand check (means and ratios, both designs): max relative difference %.3g", max_lin)
if (max_lin > 1e-9) stop("linearization hand check failed: ", max_lin)

zero_se <- est[as.numeric(est$se) == 0, ]
if (nrow(zero_se))
  note("rows with se exactly 0 (degenerate ratios): %s",
       paste(zero_se$design, zero_se$indicator, zero_se$domain, collapse = "; "))

# ---------------------------------------------------------------------------
# 5. svyciprop
# ---------------------------------------------------------------------------

ci_cases <- list(
  list(indicator = "victim_violence", dv = "national",   dom = "national"),
  list(indicator = "feel_unsafe",     dv = "national",   dom = "national"),
  list(indicator = RARE,              dv = "department", dom = SMALL_DEPT),
  list(indicator = RARE,              dv = "department", dom = ORDINARY_DEPT))
ci_rows <- list(); int_rows <- list()
level <- 0.95
max_hand <- c(beta = 0, logit = 0, mean = 0)
for (dn in names(designs)) {
  for (cs in ci_cases) {
    d <- if (cs$dv == "national") designs[[dn]] else
      subset(designs[[dn]], department == cs$dom)
    n_dom <- if (cs$dv == "national") nrow(sample) else sum(sample$department == cs$dom)
    df <- degf(d)
    f <- as.formula(paste0("~", cs$indicator))
    # internals (for the C# side): what the beta branch uses
    m <- svymean(f, d)
    p <- unname(coef(m)); v <- unname(vcov(m))[1, 1]
    n_eff_raw <- p * (1 - p) / v
    adj <- (qt((1 - level) / 2, nrow(d) - 1) / qt((1 - level) / 2, degf(d)))^2
    n_eff <- n_eff_raw * adj
    int_rows[[length(int_rows) + 1]] <- data.frame(
      design = dn, indicator = cs$indicator, domain_variable = cs$dv, domain = cs$dom,
      n = fmt_int(n_dom), positives = fmt_int(sum(sample[[cs$indicator]][
        if (cs$dv == "national") TRUE else sample$department == cs$dom])),
      nrow_design = fmt_int(nrow(d)), degf_design = fmt_int(degf(d)),
      estimate = fmt(p), variance = fmt(v), n_eff = fmt(n_eff_raw),
      df_adjustment = fmt(adj), n_eff_adjusted = fmt(n_eff),
      t_quantile = fmt(qt(1 - (1 - level) / 2, df)),
      logit_se = fmt(sqrt(v) / (p * (1 - p))),
      logit_lower_exact = fmt(plogis(qlogis(p) - qt(1 - (1 - level) / 2, df) * sqrt(v) / (p * (1 - p)))),
      logit_upper_exact = fmt(plogis(qlogis(p) + qt(1 - (1 - level) / 2, df) * sqrt(v) / (p * (1 - p)))))
    note("svyciprop %-10s %-15s %-8s: n=%d positives=%s nrow(design)=%d degf(design)=%d",
         dn, cs$indicator, cs$dom, n_dom, int_rows[[length(int_rows)]]$positives,
         nrow(d), degf(d))
    for (method in c("beta", "logit", "mean")) {
      # svyglm() on a subset of a calibrated design (zero weights outside the
      # domain) warns "observations with zero weight not used for calculating
      # dispersion": harmless (the dispersion is not used by svyciprop).
      r <- withCallingHandlers(svyciprop(f, d, method = method, level = level),
        warning = function(w) if (grepl("zero weight", conditionMessage(w)))
          invokeRestart("muffleWarning"))
      ci <- as.vector(attr(r, "ci"))
      stopifnot(length(ci) == 2, all(is.finite(ci)), is.finite(unname(coef(r))))
      # hand re-computation of the interval
      tq <- qt(1 - (1 - level) / 2, df)
      hand <- switch(method,
        beta  = c(qbeta((1 - level) / 2, n_eff * p, n_eff * (1 - p) + 1),
                  qbeta(1 - (1 - level) / 2, n_eff * p + 1, n_eff * (1 - p))),
        logit = plogis(qlogis(p) + c(-1, 1) * tq * sqrt(v) / (p * (1 - p))),
        mean  = p + c(-1, 1) * tq * sqrt(v))
      max_hand[method] <- max(max_hand[method], rel_diff(ci, hand),
                              rel_diff(unname(coef(r)), p))
      if (method == "logit")
        note("  logit: svyglm estimate vs svymean rel diff %.3g, bounds vs exact formula rel diff %.3g",
             rel_diff(unname(coef(r)), p), rel_diff(ci, hand))
      ci_rows[[length(ci_rows) + 1]] <- data.frame(
        design = dn, indicator = cs$indicator, domain_variable = cs$dv, domain = cs$dom,
        method = method, level = fmt(level), estimate = fmt(unname(coef(r))),
        lower = fmt(ci[1]), upper = fmt(ci[2]), n = fmt_int(n_dom), df = fmt_int(df))
    }
  }
}
write_csv_lines(do.call(rbind, ci_rows), "expected_ciprop.csv")
write_csv_lines(do.call(rbind, int_rows), "expected_ciprop_internals.csv")
note("svyciprop vs hand formulas (max relative difference, estimate and bounds): beta=%.3g logit=%.3g mean=%.3g",
     max_hand["beta"], max_hand["logit"], max_hand["mean"])
if (max_hand["beta"] > 1e-12 || max_hand["mean"] > 1e-12) stop("svyciprop hand check failed")
if (max_hand["logit"] > 1e-6) stop("svyciprop logit hand check failed")

# ---------------------------------------------------------------------------
# 6. Replicate weights (subsampling bootstrap on the calibrated design)
# ---------------------------------------------------------------------------

B <- 50
set.seed(20241022)
rep <- as.svrepdesign(cal, type = "subbootstrap", replicates = B)
stopifnot(!rep$combined.weights, isTRUE(all.equal(as.vector(rep$pweights), w_cal, tolerance = 0)))
repw <- weights(rep, "analysis")                 # n x B final replicate weights
stopifnot(nrow(repw) == nrow(sample), ncol(repw) == B, !anyNA(repw))
note("as.svrepdesign(subbootstrap): combined.weights=%s scale=%s, rscales all 1=%s, mse=%s",
     rep$combined.weights, fmt(rep$scale), all(rep$rscales == 1), rep$mse)

rw_df <- data.frame(id = fmt_int(sample$id), weight = fmt(w_cal))
for (b in seq_len(B)) rw_df[[paste0("rep_", b)]] <- fmt(repw[, b])
write_csv_lines(rw_df, "replicate_weights.csv")

rw <- read.csv("replicate_weights.csv")
stopifnot(identical(rw$id, sample$id), isTRUE(all.equal(rw$weight, w_cal, tolerance = 0)),
          isTRUE(all.equal(unname(as.matrix(rw[, paste0("rep_", 1:B)])), unname(repw),
                           tolerance = 0)))
rdata <- cbind(sample, rw[, c("weight", paste0("rep_", 1:B))])
rdes <- svrepdesign(data = rdata, repweights = rdata[, paste0("rep_", 1:B)], weights = ~weight,
                    type = "bootstrap", combined.weights = TRUE, scale = 1 / (B - 1),
                    rscales = 1, mse = FALSE)

rep_rows <- list()
add_rep <- function(statistic, indicator, dv, dom, est, se) {
  stopifnot(all(is.finite(est)), all(is.finite(se)))
  rep_rows[[length(rep_rows) + 1]] <<- data.frame(
    statistic = statistic, indicator = indicator, domain_variable = dv, domain = dom,
    estimate = fmt(unname(est)), se = fmt(unname(se)))
}
m_b <- svymean(~victim_burglary, rdes)
add_rep("mean", "victim_burglary", "national", "national", coef(m_b), SE(m_b))
m_f <- svymean(~feel_unsafe, rdes)
add_rep("mean", "feel_unsafe", "national", "national", coef(m_f), SE(m_f))
r_b <- svyratio(~complaint_burglary, ~victim_burglary, rdes)
add_rep("ratio", "complaint_burglary/victim_burglary", "national", "national", coef(r_b), SE(r_b))
b_i <- by_dept(svyby(~victim_insult, ~department, rdes, svymean))
add_rep("mean", "victim_insult", "department", dept_codes, b_i$coef, b_i$se)
write_csv_lines(do.call(rbind, rep_rows), "expected_replicate.csv")

# Hand check: V = sum_b (theta_b - mean(theta))^2 / (B - 1)
W <- as.matrix(rw[, paste0("rep_", 1:B)])
hand_var <- function(theta_b) sum((theta_b - mean(theta_b))^2) / (B - 1)
mean_b <- function(y, w) sum(w * y) / sum(w)
hb <- list(
  victim_burglary = c(mean_b(sample$victim_burglary, rw$weight),
                      sqrt(hand_var(apply(W, 2, mean_b, y = sample$victim_burglary)))),
  feel_unsafe = c(mean_b(sample$feel_unsafe, rw$weight),
                  sqrt(hand_var(apply(W, 2, mean_b, y = sample$feel_unsafe)))),
  ratio = c(sum(rw$weight * sample$complaint_burglary) / sum(rw$weight * sample$victim_burglary),
            sqrt(hand_var(colSums(W * sample$complaint_burglary) / colSums(W * sample$victim_burglary)))))
check_rel(hb$victim_burglary, c(coef(m_b), SE(m_b)), 1e-12, "replicate hand check victim_burglary")
check_rel(hb$feel_unsafe, c(coef(m_f), SE(m_f)), 1e-12, "replicate hand check feel_unsafe")
check_rel(hb$ratio, unname(c(coef(r_b), SE(r_b))), 1e-12, "replicate hand check ratio")
for (k in seq_along(dept_codes)) {
  inD <- sample$department == dept_codes[k]
  th <- apply(W[inD, , drop = FALSE], 2, mean_b, y = sample$victim_insult[inD])
  check_rel(c(mean_b(sample$victim_insult[inD], rw$weight[inD]), sqrt(hand_var(th))),
            c(b_i$coef[k], b_i$se[k]), 1e-12, paste("replicate hand check insult", dept_codes[k]))
}
# Same values from the as.svrepdesign() object itself
check_rel(c(coef(svymean(~victim_burglary, rep)), SE(svymean(~victim_burglary, rep))),
          c(coef(m_b), SE(m_b)), 1e-12, "svrepdesign from CSV vs as.svrepdesign object")
note("replicate variance hand check (sum_b (theta_b - mean theta)^2/(B-1)): OK within 1e-12 relative")
n_zero <- colSums(W == 0)
note("replicate weights: units with weight 0 per replicate between %d and %d; min non-zero replicate weight %s",
     min(n_zero), max(n_zero), fmt(min(W[W > 0])))

# ---------------------------------------------------------------------------
# 7. Run information
# ---------------------------------------------------------------------------
info <- c(
  paste("R:", R.version.string),
  paste("survey:", as.character(packageVersion("survey"))),
  paste("generated:", format(Sys.time(), "%Y-%m-%d")),
  run_info)
writeLines(info, "run_info.txt")
cat("done\n")
