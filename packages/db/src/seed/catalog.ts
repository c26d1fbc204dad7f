/** The marketplace's service catalogue used by every data set (sample, bench, tests). */
export const CATEGORIES = [
  { id: 'music', name: 'Music' },
  { id: 'languages', name: 'Languages' },
  { id: 'academics', name: 'Academics' },
  { id: 'test-prep', name: 'Test prep' },
  { id: 'sports', name: 'Sports & fitness' },
  { id: 'arts', name: 'Arts & crafts' },
  { id: 'tech', name: 'Coding & tech' },
] as const;

export type CategoryId = (typeof CATEGORIES)[number]['id'];

export const SERVICES: ReadonlyArray<{ id: string; category_id: CategoryId; name: string }> = [
  { id: 'piano', category_id: 'music', name: 'Piano' },
  { id: 'guitar', category_id: 'music', name: 'Guitar' },
  { id: 'voice', category_id: 'music', name: 'Voice' },
  { id: 'violin', category_id: 'music', name: 'Violin' },
  { id: 'spanish', category_id: 'languages', name: 'Spanish' },
  { id: 'french', category_id: 'languages', name: 'French' },
  { id: 'mandarin', category_id: 'languages', name: 'Mandarin' },
  { id: 'esl', category_id: 'languages', name: 'English as a second language' },
  { id: 'math', category_id: 'academics', name: 'Math tutoring' },
  { id: 'chemistry', category_id: 'academics', name: 'Chemistry' },
  { id: 'essay-writing', category_id: 'academics', name: 'Essay writing' },
  { id: 'sat-prep', category_id: 'test-prep', name: 'SAT prep' },
  { id: 'gre-prep', category_id: 'test-prep', name: 'GRE prep' },
  { id: 'tennis', category_id: 'sports', name: 'Tennis' },
  { id: 'swimming', category_id: 'sports', name: 'Swimming' },
  { id: 'yoga', category_id: 'sports', name: 'Yoga' },
  { id: 'drawing', category_id: 'arts', name: 'Drawing' },
  { id: 'photography', category_id: 'arts', name: 'Photography' },
  { id: 'python', category_id: 'tech', name: 'Python' },
  { id: 'web-dev', category_id: 'tech', name: 'Web development' },
];

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'James', 'Mia', 'Lucas',
  'Amelia', 'Mateo', 'Harper', 'Ethan', 'Aisha', 'Wei', 'Fatima', 'Hiroshi', 'Chloe', 'Daniel', 'Grace', 'Samuel',
  'Zoe', 'Leo', 'Nora', 'Aria', 'Kai', 'Maya', 'Omar', 'Ines', 'Ravi', 'Lena', 'Jonah', 'Ruby', 'Felix', 'Hana',
  'Tariq', 'Clara', 'Mason', 'Layla', 'Ezra', 'Nina', 'Owen', 'Yara', 'Caleb', 'Iris', 'Julian', 'Alma',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Nguyen', 'Patel',
  'Kim', 'Singh', 'Cohen', 'Okafor', 'Rossi', 'Novak', 'Silva', 'Tanaka', 'Haddad', 'Murphy', 'Schmidt', 'Dubois',
  'Ivanova', 'Mensah', 'Larsen', 'Costa', 'Yilmaz',
];

export const CITIES = ['New York', 'Brooklyn', 'Jersey City', 'Boston', 'Philadelphia', 'Chicago', 'Austin', 'Seattle', 'Denver', 'Remote'];

/** Area codes for generated phones; 212 is left out so the planted Sarah Chen's number stays unique. */
export const AREA_CODES = ['201', '267', '305', '312', '347', '415', '503', '512', '617', '646', '718', '917'];
