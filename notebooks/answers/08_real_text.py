# The answers to the exercises of notebooks/08_real_text.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
n_words_50 = len(vocab_50)  # ANSWER
coverage_50 = vocab_50.total / encoded.n_raw_words  # ANSWER

# Exercise 2
max_text_error = float(np.abs(files.load_vectors(txt).matrix - model.W_in).max())  # ANSWER

# Exercise 3
skipped_250 = restricted.skipped  # ANSWER
